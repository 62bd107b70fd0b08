import { DEFAULT_SPACE, type Space } from '@/lib/spaces/access';
import type { AuditEntry, spaceJson } from '@/lib/spaces/space-store';

// Spaces as the admin page shows and edits them. The API checks every reader and owner; the page
// only splits what was typed, so the server's message explains a wrong one.

/** A space as GET /api/spaces lists it for admins. */
export type SpaceInfo = ReturnType<typeof spaceJson>;

/** The stored space's fields an audit summary compares; it only prints principals, so any strings do. */
type AuditedSpace = Pick<Space, 'public' | 'webhookUrl' | 'removed'> & Record<'readers' | 'owners', string[] | null> & { contributors?: string[] | null };

/** An entry of the spaces' audit trail, as far as its summary reads it. */
export type SpaceAuditEntry = Omit<AuditEntry, 'before' | 'after'> & Record<'before' | 'after', AuditedSpace | null>;

export const isDefaultSpace = (name: string) => name.toLowerCase() === DEFAULT_SPACE;

/** Comma-separated readers or owners as a list; an empty field is null, which inherits. */
export function parseList(text: string): string[] | null {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : null;
}

/** A list as the form shows it, for editing. */
const listText = (items: string[] | null | undefined) => (items ?? []).join(', ');

/** Where the space is: its folder, under its watched root when it names one. */
export function folderOf(space: Pick<SpaceInfo, 'root' | 'folder'>): string {
  if (space.root) return `${space.root}/${space.folder}`;
  return space.folder || 'every watched root';
}

/**
 * Whether people who are not signed in may ask about it. Readers null with public null adds no
 * restriction of its own, so the enclosing spaces decide.
 */
export function visibility(space: Pick<SpaceInfo, 'public' | 'readers' | 'removed'>): 'public' | 'private' | 'inherited' | 'removed' {
  if (space.removed) return 'removed';
  if (space.public === true) return 'public';
  if (space.public === false || space.readers !== null) return 'private';
  return 'inherited';
}

export const readersText = (readers: string[] | null) => (readers === null ? 'inherited' : readers.join(', ') || 'owners only');

export const contributorsText = (contributors: string[] | null | undefined) => (contributors?.length ? contributors.join(', ') : 'admins only');

export const ownersText = (owners: string[] | null) => (owners?.length ? owners.join(', ') : 'inherited (reviewers and admins when nobody owns it)');

/** The fields of the edit form, as typed. */
export interface SpaceForm {
  readers: string;
  owners: string;
  contributors: string;
  public: boolean;
  webhook: string;
}

export const formOf = (space: SpaceInfo): SpaceForm => ({
  readers: listText(space.readers),
  owners: listText(space.owners),
  contributors: listText(space.contributors),
  public: space.public === true,
  webhook: space.webhook_url ?? '',
});

/**
 * The PATCH body for what the admin changed, and only that: a field left as it was is not sent, so
 * saving never turns "owners only" into "inherited" or an inherited public setting into "private".
 */
export function changesOf(space: SpaceInfo, form: SpaceForm): Record<string, unknown> {
  const initial = formOf(space);
  const changes: Record<string, unknown> = {};
  if (form.readers.trim() !== initial.readers) changes.readers = parseList(form.readers);
  if (form.owners.trim() !== initial.owners) changes.owners = parseList(form.owners);
  if (form.contributors.trim() !== initial.contributors) changes.contributors = parseList(form.contributors);
  if (form.public !== initial.public) changes.public = form.public;
  if (form.webhook.trim() !== initial.webhook) changes.webhookUrl = form.webhook.trim() || null;
  return changes;
}

const FIELDS: { key: keyof AuditedSpace; label: string }[] = [
  { key: 'readers', label: 'readers' },
  { key: 'owners', label: 'owners' },
  { key: 'contributors', label: 'contributors' },
  { key: 'public', label: 'public' },
  { key: 'webhookUrl', label: 'webhook' },
];

const shown = (value: AuditedSpace[keyof AuditedSpace] | undefined) =>
  value === null || value === undefined ? 'inherited' : Array.isArray(value) ? value.join(', ') || 'none' : String(value);

/** What an audit entry changed, for people: "readers: group:hr → group:hr, group:finance". */
export function auditSummary(entry: SpaceAuditEntry): string {
  if (entry.action === 'remove') return 'removed (admins only until a space grants the folder again)';
  if (entry.action === 'add' && !entry.before?.removed) return 'added';
  const changed = FIELDS.filter(({ key }) => JSON.stringify(entry.before?.[key] ?? null) !== JSON.stringify(entry.after?.[key] ?? null)).map(
    ({ key, label }) => `${label}: ${shown(entry.before?.[key])} → ${shown(entry.after?.[key])}`,
  );
  if (entry.action === 'add') return ['added again', ...changed].join('; ');
  return changed.join('; ') || 'saved without changes';
}

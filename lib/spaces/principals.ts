import { InvalidRequestError } from '../errors';

/** Who a space names as readers or owners: one user, a group, or every signed-in user. */
export type Principal = `user:${string}` | `group:${string}` | 'everyone';

export class SpaceError extends InvalidRequestError {
  constructor(message: string) {
    super('space_invalid', message);
  }
}

const EMAIL = /^[^\s@,]+@[^\s@,]+$/;
const GROUP = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,99}$/u;

/** A group name as spaces and accounts store it (trimmed, lowercased), or null when it cannot be one. */
export function groupName(text: string): string | null {
  const name = text.trim().toLowerCase();
  return GROUP.test(name) ? name : null;
}

/** One principal as people write it: "user:a@b", "group:hr", "everyone", or a bare email (a user). */
export function parsePrincipal(text: string): Principal {
  const value = text.trim();
  if (value.toLowerCase() === 'everyone') return 'everyone';
  const [kind, ...rest] = value.includes(':') ? value.split(':') : ['user', value];
  const name = rest.join(':').trim().toLowerCase();
  if (kind === 'user' && EMAIL.test(name)) return `user:${name}`;
  if (kind === 'group' && groupName(name)) return `group:${name}`;
  throw new SpaceError(`"${text}" is not a reader or owner: write user:<email>, group:<name>, everyone, or an email address.`);
}

/** A comma-separated list of principals, without repeats. */
export function parsePrincipals(text: string): Principal[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return [...new Set(items.map(parsePrincipal))];
}

/** What a signed-in person is, for access: their email, role and groups. */
export interface Person {
  id: string;
  email: string;
  role: 'asker' | 'reviewer' | 'admin';
  groups: string[];
}

/**
 * Who is asking: nobody signed in, a person, or Docent itself (evaluations and commands read everything).
 * `browser` is the key of the browser they ask from (lib/web/browser-key.ts): an anonymous conversation is that browser's.
 */
export type Viewer = { kind: 'anonymous'; browser?: string } | ({ kind: 'person'; browser?: string } & Person) | { kind: 'system' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
export const SYSTEM: Viewer = { kind: 'system' };

export const personViewer = (person: Person): Viewer => ({ kind: 'person', id: person.id, email: person.email, role: person.role, groups: person.groups });

/** Whether the viewer reads everything: admins and Docent itself. */
export const readsEverything = (viewer: Viewer) => viewer.kind === 'system' || (viewer.kind === 'person' && viewer.role === 'admin');

/** The principals that name this viewer (none for anonymous). */
export function principalsOf(viewer: Viewer): Set<Principal> {
  if (viewer.kind !== 'person') return new Set();
  return new Set<Principal>(['everyone', `user:${viewer.email.toLowerCase()}`, ...viewer.groups.map((group) => `group:${group.toLowerCase()}` as const)]);
}

/** A stable key for caching per-viewer results. */
export function viewerKey(viewer: Viewer): string {
  return viewer.kind === 'person' ? `person:${viewer.role}:${viewer.email}:${[...viewer.groups].sort().join(',')}` : viewer.kind;
}

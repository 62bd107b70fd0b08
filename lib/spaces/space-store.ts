import { type Db, jsonColumn, nowSeconds } from '../db';
import { ConflictError, NotFoundError } from '../errors';
import { DEFAULT_SPACE, type Space, SpaceAccess, normaliseFolder } from './access';
import { type Principal, SpaceError } from './principals';

interface SpaceRow {
  name: string;
  root: string | null;
  folder: string;
  public: number | null;
  readers: string | null;
  owners: string | null;
  contributors: string | null;
  webhook_url: string | null;
  removed: number;
  created_at: number;
  updated_at: number;
}

const toSpace = (row: SpaceRow): Space => ({
  name: row.name,
  root: row.root,
  folder: row.folder,
  public: row.public === null ? null : row.public === 1,
  readers: jsonColumn<Principal[] | null>(row.readers, null),
  owners: jsonColumn<Principal[] | null>(row.owners, null),
  contributors: jsonColumn<Principal[] | null>(row.contributors, null),
  webhookUrl: row.webhook_url,
  removed: row.removed === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A space as `space list --json` and the spaces API print it. */
export function spaceJson(space: Space) {
  return {
    name: space.name,
    root: space.root,
    folder: space.folder,
    public: space.public,
    readers: space.readers,
    owners: space.owners,
    contributors: space.contributors,
    webhook_url: space.webhookUrl,
    removed: space.removed,
    updated_at: new Date(space.updatedAt * 1000).toISOString(),
  };
}

export interface SpaceChanges {
  public?: boolean | null;
  readers?: Principal[] | null;
  owners?: Principal[] | null;
  contributors?: Principal[] | null;
  webhookUrl?: string | null;
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: 'add' | 'set' | 'remove';
  space: string;
  before: Space | null;
  after: Space | null;
  createdAt: number;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;

/** A space's webhook, checked where every way of setting it (CLI, API) passes. */
function checkWebhook(url: string | null | undefined): void {
  if (!url) return;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname)
    throw new SpaceError(`The webhook must be an http(s) URL, not "${url}".`);
}

/**
 * Spaces and the audit trail of every change to them. Every change writes an audit row in the
 * same transaction, so the newest audit id is the spaces' version: a server compares it on each
 * request and sees a change at once, with no reindex (lib/spaces/spaces.ts).
 */
export class SpaceStore {
  constructor(private readonly db: Db) {}

  list(options: { removed?: boolean } = {}): Space[] {
    const rows = this.db.prepare('select * from spaces order by folder, name').all() as SpaceRow[];
    return rows.map(toSpace).filter((space) => options.removed !== false || !space.removed);
  }

  get(name: string): Space | null {
    const row = this.db.prepare('select * from spaces where name = ?').get(name) as SpaceRow | undefined;
    return row ? toSpace(row) : null;
  }

  version(): number {
    return (this.db.prepare('select coalesce(max(id), 0) as v from space_audit').get() as { v: number }).v;
  }

  access(): SpaceAccess {
    return new SpaceAccess(this.list());
  }

  /** Adds a space on a folder; a removed space on the same folder (or of the same name) gives way to it. */
  add(input: { name: string; root: string | null; folder: string } & SpaceChanges, actor: string): Space {
    const name = input.name.trim();
    if (!NAME.test(name)) throw new SpaceError(`"${input.name}" is not a space name: use letters, digits, spaces, ".", "_" or "-" (up to 64).`);
    checkWebhook(input.webhookUrl);
    const folder = normaliseFolder(input.folder);
    if (folder === null) throw new SpaceError(`The folder "${input.folder}" leaves its watched root ("..").`);
    return this.db
      .transaction(() => {
        const existing = this.get(name);
        if (existing && !existing.removed)
          throw new ConflictError('space_exists', `A space "${existing.name}" already exists; change it with \`npm run space -- set\`.`);
        const onFolder = this.list().find((space) => space.folder === folder && space.root === input.root);
        if (onFolder && !onFolder.removed)
          throw new ConflictError('space_exists', `The space "${onFolder.name}" already covers ${folder || 'the whole root'}.`);
        for (const old of [existing, onFolder]) if (old) this.db.prepare('delete from spaces where name = ?').run(old.name);
        const now = nowSeconds();
        this.db
          .prepare(
            'insert into spaces(name, root, folder, public, readers, owners, contributors, webhook_url, removed, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
          )
          .run(
            name,
            input.root,
            folder,
            input.public === undefined || input.public === null ? null : Number(input.public),
            input.readers ? JSON.stringify(input.readers) : null,
            input.owners ? JSON.stringify(input.owners) : null,
            input.contributors?.length ? JSON.stringify(input.contributors) : null,
            input.webhookUrl ?? null,
            now,
            now,
          );
        const after = this.get(name)!;
        this.audit(actor, 'add', name, existing ?? onFolder ?? null, after);
        return after;
      })
      .immediate();
  }

  set(name: string, changes: SpaceChanges, actor: string): Space {
    checkWebhook(changes.webhookUrl);
    return this.db
      .transaction(() => {
        const before = this.get(name);
        if (!before || before.removed) throw new NotFoundError('space_not_found', `There is no space "${name}".`);
        const next = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
        this.db
          .prepare('update spaces set public = ?, readers = ?, owners = ?, contributors = ?, webhook_url = ?, updated_at = ? where name = ?')
          .run(
            next.public === null ? null : Number(next.public),
            next.readers ? JSON.stringify(next.readers) : null,
            next.owners ? JSON.stringify(next.owners) : null,
            next.contributors?.length ? JSON.stringify(next.contributors) : null,
            next.webhookUrl,
            nowSeconds(),
            before.name,
          );
        const after = this.get(name)!;
        this.audit(actor, 'set', before.name, before, after);
        return after;
      })
      .immediate();
  }

  /** Removes a space: its folder stays hidden from everyone but admins until a new space grants it. */
  remove(name: string, actor: string): Space {
    return this.db
      .transaction(() => {
        const before = this.get(name);
        if (!before || before.removed) throw new NotFoundError('space_not_found', `There is no space "${name}".`);
        if (before.name.toLowerCase() === DEFAULT_SPACE)
          throw new SpaceError('The default space cannot be removed; narrow it with `npm run space -- set default`.');
        this.db
          .prepare('update spaces set removed = 1, public = 0, readers = ?, owners = null, contributors = null, updated_at = ? where name = ?')
          .run('[]', nowSeconds(), before.name);
        const after = this.get(name)!;
        this.audit(actor, 'remove', before.name, before, after);
        return after;
      })
      .immediate();
  }

  auditTrail(limit = 100): AuditEntry[] {
    const rows = this.db.prepare('select * from space_audit order by id desc limit ?').all(limit) as {
      id: number;
      actor: string;
      action: AuditEntry['action'];
      space: string;
      before: string | null;
      after: string | null;
      created_at: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      actor: row.actor,
      action: row.action,
      space: row.space,
      before: jsonColumn<Space | null>(row.before, null),
      after: jsonColumn<Space | null>(row.after, null),
      createdAt: row.created_at,
    }));
  }

  private audit(actor: string, action: AuditEntry['action'], space: string, before: Space | null, after: Space | null): void {
    this.db
      .prepare('insert into space_audit(actor, action, space, before, after, created_at) values (?, ?, ?, ?, ?, ?)')
      .run(actor, action, space, before ? JSON.stringify(before) : null, after ? JSON.stringify(after) : null, nowSeconds());
  }
}

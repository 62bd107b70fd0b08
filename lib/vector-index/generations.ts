import { type Db, nowSeconds } from '../db';
import { type EmbedderIdentity, identityKey, parseIdentityKey } from '../embedder/types';

export type GenerationState = 'building' | 'serving' | 'previous' | 'retired' | 'failed';

export interface Generation {
  id: number;
  name: string;
  embedder: EmbedderIdentity;
  state: GenerationState;
  createdAt: number;
  activatedAt: number | null;
  note: string | null;
}

interface GenerationRow {
  id: number;
  name: string;
  embedder: string;
  state: GenerationState;
  created_at: number;
  activated_at: number | null;
  note: string | null;
}

function toGeneration(row: GenerationRow): Generation {
  return {
    id: row.id,
    name: row.name,
    embedder: parseIdentityKey(row.embedder),
    state: row.state,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    note: row.note,
  };
}

export function listGenerations(db: Db): Generation[] {
  return (db.prepare('select * from generations order by id').all() as GenerationRow[]).map(toGeneration);
}

export function getGeneration(db: Db, name: string): Generation | null {
  const row = db.prepare('select * from generations where name = ?').get(name) as GenerationRow | undefined;
  return row ? toGeneration(row) : null;
}

export function servingGeneration(db: Db): Generation | null {
  const row = db.prepare("select * from generations where state = 'serving'").get() as GenerationRow | undefined;
  return row ? toGeneration(row) : null;
}

/** Registers a new generation; `namer` turns its number into a backend-specific name. */
export function createGeneration(db: Db, identity: EmbedderIdentity, namer: (id: number) => string, state: GenerationState = 'building'): Generation {
  return db.transaction(() => {
    const next = (db.prepare('select coalesce(max(id), 0) + 1 as id from generations').get() as { id: number }).id;
    const name = namer(next);
    db.prepare('insert into generations(id, name, embedder, dimension, state, created_at) values (?, ?, ?, ?, ?, ?)').run(
      next,
      name,
      identityKey(identity),
      identity.dimension,
      state,
      nowSeconds(),
    );
    if (state === 'serving') db.prepare('update generations set activated_at = ? where id = ?').run(nowSeconds(), next);
    return getGeneration(db, name)!;
  })();
}

/** Makes `name` the serving generation; the one it replaces becomes `previous` (kept for rollback). */
export function activateGeneration(db: Db, name: string): void {
  db.transaction(() => {
    db.prepare("update generations set state = 'retired' where state = 'previous'").run();
    db.prepare("update generations set state = 'previous' where state = 'serving' and name != ?").run(name);
    db.prepare("update generations set state = 'serving', activated_at = ? where name = ?").run(nowSeconds(), name);
  })();
}

export function setGenerationState(db: Db, name: string, state: GenerationState, note: string | null = null): void {
  db.prepare('update generations set state = ?, note = coalesce(?, note) where name = ?').run(state, note, name);
}

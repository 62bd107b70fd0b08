import { type Db, nowSeconds } from '../db';
import { type EmbedderIdentity, identityKey, parseIdentityKey } from '../embedder/types';
import { TOKENIZER_VERSION } from '../text/tokenize';

export type GenerationState = 'building' | 'serving' | 'previous' | 'retired' | 'failed';

export type Backend = 'embedded' | 'qdrant';

export interface Generation {
  id: number;
  name: string;
  backend: Backend;
  embedder: EmbedderIdentity;
  /** The tokenizer version its terms were written with (null: before versions were kept). */
  tokenizer: number | null;
  state: GenerationState;
  createdAt: number;
  activatedAt: number | null;
  note: string | null;
}

interface GenerationRow {
  id: number;
  name: string;
  backend: Backend;
  embedder: string;
  tokenizer: number | null;
  state: GenerationState;
  created_at: number;
  activated_at: number | null;
  note: string | null;
}

function toGeneration(row: GenerationRow): Generation {
  return {
    id: row.id,
    name: row.name,
    backend: row.backend,
    embedder: parseIdentityKey(row.embedder),
    tokenizer: row.tokenizer,
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

/** The name of generation `id` in a backend: a table set `g<n>`, or a Qdrant collection `<prefix>_<n>`. */
export function generationName(backend: Backend, id: number, qdrantPrefix = 'docent'): string {
  return backend === 'qdrant' ? `${qdrantPrefix}_${id}` : `g${id}`;
}

/** Registers a new generation of `backend`, built with `identity` (in Qdrant, a collection named with `qdrantPrefix`). */
export function createGeneration(
  db: Db,
  backend: Backend,
  identity: EmbedderIdentity,
  state: GenerationState = 'building',
  qdrantPrefix = 'docent',
): Generation {
  return db
    .transaction(() => {
      const next = (db.prepare('select coalesce(max(id), 0) + 1 as id from generations').get() as { id: number }).id;
      const name = generationName(backend, next, qdrantPrefix);
      db.prepare('insert into generations(id, name, backend, embedder, dimension, tokenizer, state, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)').run(
        next,
        name,
        backend,
        identityKey(identity),
        identity.dimension,
        TOKENIZER_VERSION,
        state,
        nowSeconds(),
      );
      if (state === 'serving') db.prepare('update generations set activated_at = ? where id = ?').run(nowSeconds(), next);
      return getGeneration(db, name)!;
    })
    .immediate();
}

/** Makes `name` the serving generation; the one it replaces becomes `previous` (kept for rollback). */
export function activateGeneration(db: Db, name: string): void {
  db.transaction(() => {
    db.prepare("update generations set state = 'retired' where state = 'previous'").run();
    db.prepare("update generations set state = 'previous' where state = 'serving' and name != ?").run(name);
    db.prepare("update generations set state = 'serving', activated_at = ? where name = ?").run(nowSeconds(), name);
  }).immediate();
}

export function setGenerationState(db: Db, name: string, state: GenerationState, note: string | null = null): void {
  db.prepare('update generations set state = ?, note = coalesce(?, note) where name = ?').run(state, note, name);
}

/** Whether a generation's terms were written by this tokenizer (ingest/retokenize.ts re-reads them otherwise). */
export const termsCurrent = (generation: Generation): boolean => generation.tokenizer === TOKENIZER_VERSION;

/** Records that generation `name`'s terms are now those of tokenizer `version`. */
export function setGenerationTokenizer(db: Db, name: string, version: number): void {
  db.prepare('update generations set tokenizer = ? where name = ?').run(version, name);
}

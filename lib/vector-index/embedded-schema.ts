import type { Db } from '../db';
import { ftsTerm, tokenize } from '../text/tokenize';
import type { ChunkPayload, StoredPoint } from './types';

// The table set of one embedded generation and how its rows map to points.

const GENERATION_NAME = /^g[0-9]+$/;

/** The tables of generation `g<n>`: text and payload, vectors (sqlite-vec), terms (FTS5) and their document frequencies. */
export interface GenerationTables {
  chunks: string;
  vectors: string;
  fts: string;
  vocabulary: string;
}

/** A generation's table names; the name is checked because it is spliced into SQL. */
export function generationTables(generation: string): GenerationTables {
  if (!GENERATION_NAME.test(generation)) throw new Error(`Invalid embedded generation name: ${generation}`);
  return { chunks: `chunks_${generation}`, vectors: `vec_${generation}`, fts: `fts_${generation}`, vocabulary: `ftsv_${generation}` };
}

/** Creates the generation's tables if they do not exist yet. */
export function ensureTables(db: Db, generation: string, dimension: number): void {
  const { chunks, vectors, fts, vocabulary } = generationTables(generation);
  if (!Number.isInteger(dimension) || dimension <= 0) throw new Error(`Invalid vector dimension: ${dimension}`);
  db.exec(`
    create table if not exists ${chunks} (
      rowid integer primary key,
      id text not null unique,
      doc_id text not null,
      root text not null,
      path text not null,
      file_type text not null,
      source_type text not null,
      tags text not null,
      text_hash text not null,
      text text not null,
      payload text not null
    );
    create index if not exists ${chunks}_doc on ${chunks}(doc_id);
    create index if not exists ${chunks}_path on ${chunks}(root, path);
    create virtual table if not exists ${vectors} using vec0(embedding float[${dimension}] distance_metric=cosine);
    create virtual table if not exists ${fts} using fts5(title, heading, body, tokenize='ascii', content='', contentless_delete=1);
    create virtual table if not exists ${vocabulary} using fts5vocab(${fts}, 'row');
  `);
}

export function dropTables(db: Db, generation: string): void {
  const { chunks, vectors, fts, vocabulary } = generationTables(generation);
  db.exec(`drop table if exists ${vocabulary}; drop table if exists ${fts}; drop table if exists ${vectors}; drop table if exists ${chunks};`);
}

/** The lexical fields of a chunk, as space-joined FTS-safe terms. */
export function lexicalFields(text: string, payload: Pick<ChunkPayload, 'title' | 'heading'>) {
  const join = (value: string | null) => (value ? tokenize(value).map(ftsTerm).join(' ') : '');
  return { title: join(payload.title), heading: join(payload.heading), body: join(text) };
}

export function toBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function fromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

export interface ChunkRow {
  rowid: number;
  id: string;
  text: string;
  payload: string;
}

export function rowToStored(row: ChunkRow): StoredPoint {
  return { id: row.id, text: row.text, payload: JSON.parse(row.payload) as ChunkPayload };
}

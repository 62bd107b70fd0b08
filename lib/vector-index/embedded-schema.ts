import type { Db } from '../db';
import { ftsTerm, tokenize } from '../text/tokenize';
import { IvfLists, SPLIT_AT } from './embedded-ivf';
import type { ChunkPayload, StoredPoint } from './types';

// The table set of one embedded generation and how its rows map to points.

const GENERATION_NAME = /^g[0-9]+$/;

/**
 * The tables of generation `g<n>`: text and payload, vectors (sqlite-vec, partitioned by IVF list),
 * the lists' sizes and centroids (embedded-ivf.ts), terms (FTS5) and their document frequencies.
 */
export interface GenerationTables {
  chunks: string;
  vectors: string;
  lists: string;
  centroids: string;
  fts: string;
  vocabulary: string;
}

/** A generation's table names; the name is checked because it is spliced into SQL. */
export function generationTables(generation: string): GenerationTables {
  if (!GENERATION_NAME.test(generation)) throw new Error(`Invalid embedded generation name: ${generation}`);
  return {
    chunks: `chunks_${generation}`,
    vectors: `vec_${generation}`,
    lists: `ivfl_${generation}`,
    centroids: `ivfc_${generation}`,
    fts: `fts_${generation}`,
    vocabulary: `ftsv_${generation}`,
  };
}

/**
 * vec0 keeps a list's vectors in blobs of this many. Reading one vector by rowid walks its blob's
 * pages from the start, so at vec0's default of 1,024 (2 MB blobs at 512-d) the 100 look-ups that
 * give lexical-only candidates their cosine took 30 ms at 100k chunks; at 32, 2.4 ms, with list
 * scans no slower (bench:query's corpus, 2026-12-03).
 */
export const VECTOR_CHUNK = 32;

/** Creates the generation's tables if they do not exist yet, and brings older layouts to this one. */
export function ensureTables(db: Db, generation: string, dimension: number): void {
  const tables = generationTables(generation);
  const { vectors } = tables;
  if (!Number.isInteger(dimension) || dimension <= 0) throw new Error(`Invalid vector dimension: ${dimension}`);
  db.transaction(() => {
    const layout = vectorLayout(db, vectors);
    if (layout === 'unlisted') db.exec(`create table ${vectors}_old as select rowid as id, embedding from ${vectors}; drop table ${vectors};`);
    if (layout === 'large-chunks') db.exec(`create table ${vectors}_old as select rowid as id, list, embedding from ${vectors}; drop table ${vectors};`);
    createTables(db, tables, dimension);
    if (layout === 'unlisted') relistVectors(db, tables);
    if (layout === 'large-chunks') {
      db.exec(`insert into ${vectors}(rowid, list, embedding) select id, list, embedding from ${vectors}_old order by list, id`);
      db.exec(`drop table ${vectors}_old`);
    }
  }).immediate();
}

/**
 * How an existing generation stores its vectors: before the IVF lists (no partition key), in lists
 * with vec0's default blob size, or as now (or not at all yet).
 */
function vectorLayout(db: Db, vectors: string): 'unlisted' | 'large-chunks' | 'current' {
  const row = db.prepare(`select sql from sqlite_master where name = ?`).get(vectors) as { sql: string } | undefined;
  if (!row) return 'current';
  if (!/partition key/i.test(row.sql)) return 'unlisted';
  return new RegExp(`chunk_size=${VECTOR_CHUNK}\\b`).test(row.sql) ? 'current' : 'large-chunks';
}

/** Moves the vectors of an index written before the IVF lists into them (once, when it is opened). */
function relistVectors(db: Db, tables: GenerationTables): void {
  const lists = new IvfLists(db, tables, 1);
  const page = db.prepare(`select id, embedding from ${tables.vectors}_old where id > ? order by id limit 1000`);
  for (let after = -1; ;) {
    const rows = page.all(after) as { id: number; embedding: Buffer }[];
    if (rows.length === 0) break;
    for (const row of rows) lists.insert(row.id, row.embedding);
    after = rows[rows.length - 1]!.id;
  }
  db.exec(`drop table ${tables.vectors}_old`);
}

function createTables(db: Db, tables: GenerationTables, dimension: number): void {
  const { chunks, vectors, lists, centroids } = tables;
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
    create index if not exists ${chunks}_source on ${chunks}(source_type);
    create virtual table if not exists ${vectors} using vec0(list integer partition key, embedding float[${dimension}] distance_metric=cosine, chunk_size=${VECTOR_CHUNK});
    create virtual table if not exists ${centroids} using vec0(embedding float[${dimension}] distance_metric=cosine);
    create table if not exists ${lists} (id integer primary key, size integer not null, split_at integer not null);
    insert into ${lists}(id, size, split_at) select 0, 0, ${SPLIT_AT} where not exists (select 1 from ${lists});
  `);
  createTermTables(db, tables);
  indexListBlobs(db, vectors);
}

/**
 * The FTS5 table of a generation's terms (pre-tokenized, so FTS5's `ascii` tokenizer only splits
 * them at spaces) and its vocabulary. The terms are stored in the table, not contentless: only then
 * does a delete take the row out of BM25's row count and average length (embedded-terms.ts). Older
 * indexes made the table contentless; they keep working and move to this layout when their terms
 * are rebuilt.
 */
export function createTermTables(db: Db, tables: Pick<GenerationTables, 'fts' | 'vocabulary'>): void {
  db.exec(`create virtual table if not exists ${tables.fts} using fts5(title, heading, body, tokenize='ascii')`);
  db.exec(`create virtual table if not exists ${tables.vocabulary} using fts5vocab(${tables.fts}, 'row')`);
}

/**
 * vec0 finds a list's blobs with `… from <table>_chunks where partition00 = ?`, both to search a
 * list and to append to it, and its own schema has no index on that column: every probe and every
 * insert read the whole blob table. At 1,000,000 chunks (32,142 blobs) a 32-list search took 79 ms
 * at the median, 28 ms with this index, and at 100,000 chunks 27 ms and 23 ms (bench:query's corpus,
 * 2026-12-04). The column's name is sqlite-vec's (0.1.x); should a later version lay its table out
 * otherwise, the search still works, only without this help (test/lib/vector-index/embedded-ivf.test.ts
 * checks that the index is there and used).
 */
function indexListBlobs(db: Db, vectors: string): void {
  const columns = db.prepare(`select name from pragma_table_info(?)`).all(`${vectors}_chunks`) as { name: string }[];
  if (columns.some((column) => column.name === 'partition00')) db.exec(`create index if not exists ${vectors}_chunks_list on ${vectors}_chunks(partition00)`);
}

export function dropTables(db: Db, generation: string): void {
  const { chunks, vectors, lists, centroids, fts, vocabulary } = generationTables(generation);
  for (const table of [`${vocabulary}_next`, `${fts}_next`, vocabulary, fts, centroids, lists, `${vectors}_old`, vectors, chunks])
    db.exec(`drop table if exists ${table}`);
}

/** The lexical fields of a chunk, as space-joined FTS-safe terms. */
export function lexicalFields(text: string, payload: Pick<ChunkPayload, 'title' | 'heading' | 'language'>) {
  const join = (value: string | null) => (value ? tokenize(value, payload.language).map(ftsTerm).join(' ') : '');
  return { title: join(payload.title), heading: join(payload.heading), body: join(text) };
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

import type { Db } from '../db';
import { type ChunkRow, type GenerationTables, createTermTables, lexicalFields } from './embedded-schema';
import type { ChunkPayload, TermRewriteOptions } from './types';

/** Chunks copied per transaction: short enough that the web server's writes never wait long for the lock. */
const BATCH = 2000;

export interface TermRebuildOptions extends TermRewriteOptions {
  /** Chunks per transaction (BATCH; tests use a few to write between batches). */
  batchSize?: number;
}

/**
 * Writes a generation's terms again from its stored chunks, into a new FTS5 table that replaces the
 * old one in one short transaction at the end, so searches read the old terms until then and the new
 * ones after, never a mix. Used when the tokenizer changed (ingest/retokenize.ts) and to leave the
 * contentless layout of older indexes, whose BM25 statistics only grow: FTS5 does not subtract a
 * deleted row from a contentless-delete table's row and token totals, so every changed document
 * inflated N and the average length (re-writing a 2,979-chunk index's rows once raised every BM25
 * score of docs-qa's queries by about a quarter and reordered some). The chunks are read in
 * batches; a chunk written or deleted meanwhile (a reviewed answer from the web server) is found by
 * its id and text at the swap and copied or left out there. Returns the number of chunks, or null when stopped.
 */
export async function rebuildTerms(db: Db, tables: GenerationTables, options: TermRebuildOptions = {}): Promise<number | null> {
  const next: GenerationTables = { ...tables, fts: `${tables.fts}_next`, vocabulary: `${tables.vocabulary}_next` };
  const dropNext = () => db.exec(`drop table if exists ${next.vocabulary}; drop table if exists ${next.fts}`);
  dropNext();
  createTermTables(db, next);
  try {
    const chunks = await copyAndSwap(db, tables, next, options);
    if (chunks === null) dropNext();
    return chunks;
  } catch (error) {
    // A half-filled table is a second copy of the terms on disk (a full disk is the likely failure): it goes now, not at the next try.
    try {
      dropNext();
    } catch (cleanup) {
      throw new AggregateError([error, cleanup], `Rebuilding the terms failed, and removing the unfinished table failed too (the next try removes it).`);
    }
    throw error;
  }
}

async function copyAndSwap(db: Db, tables: GenerationTables, next: GenerationTables, options: TermRebuildOptions): Promise<number | null> {
  let chunks = 0;
  const insert = db.prepare(`insert into ${next.fts}(rowid, title, heading, body) values (?, ?, ?, ?)`);
  const copy = (row: Pick<ChunkRow, 'rowid' | 'text' | 'payload'>) => {
    const fields = lexicalFields(row.text, JSON.parse(row.payload) as ChunkPayload);
    insert.run(row.rowid, fields.title, fields.heading, fields.body);
  };
  const page = db.prepare(`select rowid, id, text_hash, text, payload from ${tables.chunks} where rowid > ? order by rowid limit ?`);
  const total = (db.prepare(`select count(*) as n from ${tables.chunks}`).get() as { n: number }).n;
  // The rows copied so far, in rowid order, with a 32-bit hash of each one's id and text: 16 bytes a chunk, where a map
  // of ids took over 100 (a million chunks).
  const copied = { rowids: [] as number[], keys: [] as number[] };
  const keyOf = (row: { id: string; text_hash: string }) => hashKey(`${row.id} ${row.text_hash}`);
  options.onProgress?.(0, total);
  for (let after = -1; ;) {
    if (options.shouldStop?.()) return null;
    const rows = db
      .transaction(() => {
        const batch = page.all(after, options.batchSize ?? BATCH) as (ChunkRow & { text_hash: string })[];
        for (const row of batch) {
          copy(row);
          copied.rowids.push(row.rowid);
          copied.keys.push(keyOf(row));
        }
        return batch;
      })
      .immediate();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.rowid;
    options.onProgress?.(copied.rowids.length, Math.max(total, copied.rowids.length));
    // Lets the event loop (a watcher's file events, a health probe) run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  db.transaction(() => {
    // Only this transaction sees every write made during the batches (a reviewed answer from the web server): the chunks
    // are compared with those copied, both in rowid order, by id and text (an edited answer keeps its id).
    const changed: number[] = [];
    const gone: number[] = [];
    const { rowids, keys } = copied;
    let position = 0;
    const live = db.prepare(`select rowid, id, text_hash from ${tables.chunks} order by rowid`);
    for (const row of live.iterate() as Iterable<{ rowid: number; id: string; text_hash: string }>) {
      chunks += 1;
      while (position < rowids.length && rowids[position]! < row.rowid) gone.push(rowids[position++]!);
      if (rowids[position] !== row.rowid) changed.push(row.rowid);
      else if (keys[position++] !== keyOf(row)) {
        gone.push(row.rowid);
        changed.push(row.rowid);
      }
    }
    while (position < rowids.length) gone.push(rowids[position++]!);
    const remove = db.prepare(`delete from ${next.fts} where rowid = ?`);
    for (const rowid of gone) remove.run(rowid);
    const row = db.prepare(`select rowid, text, payload from ${tables.chunks} where rowid = ?`);
    for (const rowid of changed) copy(row.get(rowid) as ChunkRow);
    db.exec(`drop table ${tables.vocabulary}; drop table ${tables.fts}; drop table ${next.vocabulary}`);
    db.exec(`alter table ${next.fts} rename to ${tables.fts}`);
    // The renamed table is there already: only its vocabulary is made.
    createTermTables(db, tables);
  }).immediate();
  return chunks;
}

/** FNV-1a over the key's UTF-16 code units. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

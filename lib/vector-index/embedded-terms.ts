import type { Db } from '../db';
import { type GenerationTables, createTermTables, lexicalFields } from './embedded-schema';
import type { ChunkPayload } from './types';

/** Chunks copied per transaction: short enough that the web server's writes never wait long for the lock. */
const BATCH = 2000;

export interface TermRebuildOptions {
  onProgress?: (done: number, total: number) => void;
  /** Asked between batches: true abandons the new table and leaves the old one serving. */
  shouldStop?: () => boolean;
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
 * its id at the swap and copied or left out there. Returns the number of chunks, or null when stopped.
 */
export async function rebuildTerms(db: Db, tables: GenerationTables, options: TermRebuildOptions = {}): Promise<number | null> {
  let chunks = 0;
  const next: GenerationTables = { ...tables, fts: `${tables.fts}_next`, vocabulary: `${tables.vocabulary}_next` };
  db.exec(`drop table if exists ${next.vocabulary}; drop table if exists ${next.fts}`);
  createTermTables(db, next);
  const insert = db.prepare(`insert into ${next.fts}(rowid, title, heading, body) values (?, ?, ?, ?)`);
  const copy = (row: { rowid: number; text: string; payload: string }) => {
    const fields = lexicalFields(row.text, JSON.parse(row.payload) as ChunkPayload);
    insert.run(row.rowid, fields.title, fields.heading, fields.body);
  };
  const page = db.prepare(`select rowid, id, text, payload from ${tables.chunks} where rowid > ? order by rowid limit ?`);
  const total = (db.prepare(`select count(*) as n from ${tables.chunks}`).get() as { n: number }).n;
  const copied = new Map<number, string>();
  options.onProgress?.(0, total);
  for (let after = -1; ;) {
    if (options.shouldStop?.()) {
      db.exec(`drop table if exists ${next.vocabulary}; drop table if exists ${next.fts}`);
      return null;
    }
    const rows = db
      .transaction(() => {
        const batch = page.all(after, options.batchSize ?? BATCH) as { rowid: number; id: string; text: string; payload: string }[];
        for (const row of batch) {
          copy(row);
          copied.set(row.rowid, row.id);
        }
        return batch;
      })
      .immediate();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.rowid;
    options.onProgress?.(copied.size, Math.max(total, copied.size));
    // Lets the event loop (a watcher's file events, a health probe) run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  db.transaction(() => {
    const live = db.prepare(`select rowid, id from ${tables.chunks}`).all() as { rowid: number; id: string }[];
    chunks = live.length;
    const current = new Set<number>();
    const row = db.prepare(`select rowid, text, payload from ${tables.chunks} where rowid = ?`);
    const remove = db.prepare(`delete from ${next.fts} where rowid = ?`);
    for (const { rowid, id } of live) {
      current.add(rowid);
      if (copied.get(rowid) === id) continue;
      if (copied.has(rowid)) remove.run(rowid);
      copy(row.get(rowid) as { rowid: number; text: string; payload: string });
    }
    for (const rowid of copied.keys()) if (!current.has(rowid)) remove.run(rowid);
    db.exec(`drop table ${tables.vocabulary}; drop table ${tables.fts}; drop table ${next.vocabulary}`);
    db.exec(`alter table ${next.fts} rename to ${tables.fts}`);
    createTermTables(db, tables, { vocabularyOnly: true });
  }).immediate();
  return chunks;
}

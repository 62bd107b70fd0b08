import { type Db, statementCache } from '../db';
import { type EmbedderIdentity, identityKey } from '../embedder/types';
import { EmbedderMismatchError } from '../errors';
import { ftsTerm } from '../text/tokenize';
import { filterSql } from './embedded-filter';
import { type ChunkRow, type GenerationTables, dropTables, ensureTables, generationTables, lexicalFields, rowToStored } from './embedded-schema';
import { type NearestSearch, nearestSearch } from './dense-thread';
import { IvfLists } from './embedded-ivf';
import { type LexicalWeights, queryTables } from './embedded-search';
import { type TermRebuildOptions, rebuildTerms } from './embedded-terms';
import { TermFrequencies } from './term-frequencies';
import { fromBlob, toBlob } from './vector-math';
import type { ChunkPayload, DocumentWrite, GenerationIndex, HybridQuery, IndexPoint, QueryFilter, ScoredPoint, StoredPoint, WriteStats } from './types';

export interface EmbeddedIndexOptions extends LexicalWeights {
  /** How many IVF lists a dense query scans (embedded-ivf.ts): more is closer to exact and slower. */
  probes: number;
  /** Run the dense search on its own thread (dense-thread.ts); off, it runs on the caller's. */
  searchThread?: boolean;
}

/**
 * The zero-setup index: one table set per generation inside the Docent database
 * (embedded-schema.ts). sqlite-vec's vec0 holds the vectors in IVF lists (embedded-ivf.ts), an FTS5
 * table holds pre-tokenized terms for BM25, and a plain table holds text and payload.
 */
export class EmbeddedIndex implements GenerationIndex {
  readonly backend = 'embedded' as const;
  private readonly tables: GenerationTables;
  /** Statements of the write path, compiled once: they run for every chunk of every document. */
  private readonly prepared: ReturnType<typeof statementCache>;
  private readonly lists: IvfLists;
  private readonly nearest: NearestSearch;
  private readonly frequencies: TermFrequencies;

  constructor(
    private readonly db: Db,
    readonly generation: string,
    readonly identity: EmbedderIdentity,
    private readonly options: EmbeddedIndexOptions,
  ) {
    this.tables = generationTables(generation);
    this.prepared = statementCache(db);
    this.lists = new IvfLists(db, this.tables, options.probes);
    this.nearest = nearestSearch(db, this.lists, options.searchThread ?? false);
    this.frequencies = new TermFrequencies(this.prepared, this.tables);
    // The generation records the embedder that filled it; vectors of another one never go in.
    const recorded = db.prepare('select embedder from generations where name = ?').get(generation) as { embedder: string } | undefined;
    if (recorded && recorded.embedder !== identityKey(identity)) throw new EmbedderMismatchError(recorded.embedder, identityKey(identity));
  }

  /** Creates the generation's tables if they do not exist yet. */
  static ensureTables(db: Db, generation: string, dimension: number): void {
    ensureTables(db, generation, dimension);
  }

  async listDocumentPoints(docId: string): Promise<StoredPoint[]> {
    const rows = this.db.prepare(`select rowid, id, text, payload from ${this.tables.chunks} where doc_id = ? order by rowid`).all(docId) as ChunkRow[];
    return rows.map(rowToStored);
  }

  async fetchVectors(ids: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const { chunks, vectors } = this.tables;
    const select = this.db.prepare(`select v.embedding as embedding from ${chunks} c join ${vectors} v on v.rowid = c.rowid where c.id = ?`);
    for (const id of ids) {
      const row = select.get(id) as { embedding: Buffer } | undefined;
      if (row) out.set(id, fromBlob(row.embedding));
    }
    return out;
  }

  private deleteRow(rowid: number): void {
    this.prepared(`delete from ${this.tables.fts} where rowid = ?`).run(rowid);
    this.lists.remove(rowid);
    this.prepared(`delete from ${this.tables.chunks} where rowid = ?`).run(rowid);
  }

  private insertPoint(point: IndexPoint): void {
    if (point.vector.length !== this.identity.dimension) {
      throw new Error(`Vector of size ${point.vector.length} for an index of dimension ${this.identity.dimension}`);
    }
    const { chunks, fts } = this.tables;
    const existing = this.prepared(`select rowid from ${chunks} where id = ?`).get(point.id) as { rowid: number } | undefined;
    if (existing) this.deleteRow(existing.rowid);
    const { payload } = point;
    const result = this.prepared(
      `insert into ${chunks}(id, doc_id, root, path, file_type, source_type, tags, text_hash, text, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      point.id,
      payload.doc_id,
      payload.root,
      payload.path,
      payload.file_type,
      payload.source_type,
      JSON.stringify(payload.tags),
      payload.text_hash,
      point.text,
      JSON.stringify(payload),
    );
    const rowid = Number(result.lastInsertRowid);
    this.lists.insert(rowid, toBlob(point.vector));
    const fields = lexicalFields(point.text, payload);
    this.prepared(`insert into ${fts}(rowid, title, heading, body) values (?, ?, ?, ?)`).run(rowid, fields.title, fields.heading, fields.body);
  }

  private updatePayload(id: string, payload: ChunkPayload): boolean {
    const result = this.prepared(`update ${this.tables.chunks} set root = ?, path = ?, file_type = ?, source_type = ?, tags = ?, payload = ? where id = ?`).run(
      payload.root,
      payload.path,
      payload.file_type,
      payload.source_type,
      JSON.stringify(payload.tags),
      JSON.stringify(payload),
      id,
    );
    return result.changes > 0;
  }

  async writeDocument(write: DocumentWrite, commit?: () => void): Promise<WriteStats> {
    const stats: WriteStats = { upserted: 0, updated: 0, deleted: 0 };
    this.db
      .transaction(() => {
        for (const id of write.delete) {
          const row = this.prepared(`select rowid from ${this.tables.chunks} where id = ? and doc_id = ?`).get(id, write.docId) as
            { rowid: number } | undefined;
          if (row) {
            this.deleteRow(row.rowid);
            stats.deleted += 1;
          }
        }
        for (const point of write.upsert) {
          this.insertPoint(point);
          stats.upserted += 1;
        }
        for (const { id, payload } of write.updatePayload) if (this.updatePayload(id, payload)) stats.updated += 1;
        commit?.();
      })
      .immediate();
    return stats;
  }

  async deleteDocument(docId: string, commit?: () => void): Promise<number> {
    let deleted = 0;
    this.db
      .transaction(() => {
        const rows = this.db.prepare(`select rowid from ${this.tables.chunks} where doc_id = ?`).all(docId) as { rowid: number }[];
        for (const row of rows) this.deleteRow(row.rowid);
        deleted = rows.length;
        commit?.();
      })
      .immediate();
    return deleted;
  }

  query(query: HybridQuery): Promise<ScoredPoint[]> {
    return queryTables(this.prepared, this.tables, this.lists, this.nearest, this.options, this.frequencies, query);
  }

  /** Writes every chunk's terms again with this tokenizer, into a table that replaces the old one at the end (embedded-terms.ts). */
  async rebuildTerms(options: TermRebuildOptions = {}): Promise<number | null> {
    const chunks = await rebuildTerms(this.db, this.tables, options);
    this.frequencies.forget();
    return chunks;
  }

  async termStatistics(terms: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }> {
    // The lists count their vectors, one per chunk: counting the chunk table reads all of it.
    const chunks = this.lists.rowCount();
    const frequencies = new Map<string, number>();
    const unique = [...new Set(terms)];
    if (unique.length === 0) return { chunks, frequencies };
    const byFtsTerm = new Map(unique.map((term) => [ftsTerm(term), term]));
    for (const [term, doc] of this.frequencies.of([...byFtsTerm.keys()], chunks)) frequencies.set(byFtsTerm.get(term)!, doc);
    return { chunks, frequencies };
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      return { ok: true, detail: `embedded index ${this.generation}: ${this.lists.rowCount()} chunks` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async count(filter?: QueryFilter): Promise<number> {
    const where = filterSql(filter, 'c');
    // Without a filter the lists' sizes say it; counting the chunk table reads all of it.
    if (where.sql === '1') return this.lists.rowCount();
    const row = this.prepared(`select count(*) as n from ${this.tables.chunks} c where ${where.sql}`).get(...where.params) as { n: number };
    return row.n;
  }

  /** The embedded index serves whichever generation the registry names: there is no alias to move. */
  async claimServing(): Promise<void> {}

  async drop(): Promise<void> {
    dropTables(this.db, this.generation);
  }

  /** The generation's tables live in the database, which the backup copies as a whole. */
  async backupInto(): Promise<null> {
    return null;
  }

  /** Nothing to put back: the restored database holds the tables. */
  async restoreFrom(): Promise<void> {}
}

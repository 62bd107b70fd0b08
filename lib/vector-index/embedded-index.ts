import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import { type EmbedderIdentity, identityKey } from '../embedder/types';
import { EmbedderMismatchError } from '../errors';
import { ftsTerm, tokenize } from '../text/tokenize';
import { fuse } from './fusion';
import type { ChunkPayload, DocumentWrite, HybridQuery, IndexPoint, QueryFilter, ScoredPoint, StoredPoint, VectorIndex, WriteStats } from './types';

export interface EmbeddedIndexOptions {
  /** BM25 column weights; the body column weighs 1. */
  titleWeight: number;
  headingWeight: number;
}

interface ChunkRow {
  rowid: number;
  id: string;
  text: string;
  payload: string;
}

const GENERATION_NAME = /^g[0-9]+$/;

/** The lexical fields of a chunk, as space-joined FTS-safe terms. */
export function lexicalFields(text: string, payload: Pick<ChunkPayload, 'title' | 'heading'>) {
  const join = (value: string | null) => (value ? tokenize(value).map(ftsTerm).join(' ') : '');
  return { title: join(payload.title), heading: join(payload.heading), body: join(text) };
}

function toBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

/**
 * The zero-setup index: one table set per generation inside the Docent database. sqlite-vec's
 * vec0 holds the vectors (exact cosine search), a contentless FTS5 table holds pre-tokenized
 * terms for BM25, and a plain table holds text and payload.
 */
export class EmbeddedIndex implements VectorIndex {
  readonly backend = 'embedded' as const;
  private readonly chunks: string;
  private readonly vectors: string;
  private readonly fts: string;

  constructor(
    private readonly db: Db,
    readonly generation: string,
    readonly identity: EmbedderIdentity,
    private readonly options: EmbeddedIndexOptions,
  ) {
    if (!GENERATION_NAME.test(generation)) throw new Error(`Invalid embedded generation name: ${generation}`);
    // The generation records the embedder that filled it; vectors of another one never go in.
    const recorded = db.prepare('select embedder from generations where name = ?').get(generation) as { embedder: string } | undefined;
    if (recorded && recorded.embedder !== identityKey(identity)) throw new EmbedderMismatchError(recorded.embedder, identityKey(identity));
    this.chunks = `chunks_${generation}`;
    this.vectors = `vec_${generation}`;
    this.fts = `fts_${generation}`;
  }

  private readonly statements = new Map<string, Statement<unknown[]>>();

  /** Creates the generation's tables if they do not exist yet. */
  static ensureTables(db: Db, generation: string, dimension: number): void {
    if (!GENERATION_NAME.test(generation)) throw new Error(`Invalid embedded generation name: ${generation}`);
    if (!Number.isInteger(dimension) || dimension <= 0) throw new Error(`Invalid vector dimension: ${dimension}`);
    db.exec(`
      create table if not exists chunks_${generation} (
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
      create index if not exists chunks_${generation}_doc on chunks_${generation}(doc_id);
      create index if not exists chunks_${generation}_path on chunks_${generation}(root, path);
      create virtual table if not exists vec_${generation} using vec0(embedding float[${dimension}] distance_metric=cosine);
      create virtual table if not exists fts_${generation} using fts5(title, heading, body, tokenize='ascii', content='', contentless_delete=1);
      create virtual table if not exists ftsv_${generation} using fts5vocab(fts_${generation}, 'row');
    `);
  }

  static dropTables(db: Db, generation: string): void {
    if (!GENERATION_NAME.test(generation)) throw new Error(`Invalid embedded generation name: ${generation}`);
    db.exec(
      `drop table if exists ftsv_${generation}; drop table if exists fts_${generation}; drop table if exists vec_${generation}; drop table if exists chunks_${generation};`,
    );
  }

  private rowToStored(row: ChunkRow): StoredPoint {
    return { id: row.id, text: row.text, payload: JSON.parse(row.payload) as ChunkPayload };
  }

  async listDocumentPoints(docId: string): Promise<StoredPoint[]> {
    const rows = this.db.prepare(`select rowid, id, text, payload from ${this.chunks} where doc_id = ? order by rowid`).all(docId) as ChunkRow[];
    return rows.map((row) => this.rowToStored(row));
  }

  async fetchVectors(ids: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const select = this.db.prepare(`select v.embedding as embedding from ${this.chunks} c join ${this.vectors} v on v.rowid = c.rowid where c.id = ?`);
    for (const id of ids) {
      const row = select.get(id) as { embedding: Buffer } | undefined;
      if (row) out.set(id, fromBlob(row.embedding));
    }
    return out;
  }

  /** Statements of the write path, compiled once: they run for every chunk of every document. */
  private prepared(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private deleteRow(rowid: number): void {
    this.prepared(`delete from ${this.fts} where rowid = ?`).run(rowid);
    this.prepared(`delete from ${this.vectors} where rowid = ?`).run(BigInt(rowid));
    this.prepared(`delete from ${this.chunks} where rowid = ?`).run(rowid);
  }

  private insertPoint(point: IndexPoint): void {
    if (point.vector.length !== this.identity.dimension) {
      throw new Error(`Vector of size ${point.vector.length} for an index of dimension ${this.identity.dimension}`);
    }
    const existing = this.prepared(`select rowid from ${this.chunks} where id = ?`).get(point.id) as { rowid: number } | undefined;
    if (existing) this.deleteRow(existing.rowid);
    const { payload } = point;
    const result = this.prepared(
      `insert into ${this.chunks}(id, doc_id, root, path, file_type, source_type, tags, text_hash, text, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    const rowid = BigInt(result.lastInsertRowid);
    this.prepared(`insert into ${this.vectors}(rowid, embedding) values (?, ?)`).run(rowid, toBlob(point.vector));
    const fields = lexicalFields(point.text, payload);
    this.prepared(`insert into ${this.fts}(rowid, title, heading, body) values (?, ?, ?, ?)`).run(rowid, fields.title, fields.heading, fields.body);
  }

  private updatePayload(id: string, payload: ChunkPayload): boolean {
    const result = this.prepared(`update ${this.chunks} set root = ?, path = ?, file_type = ?, source_type = ?, tags = ?, payload = ? where id = ?`).run(
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
    this.db.transaction(() => {
      for (const id of write.delete) {
        const row = this.prepared(`select rowid from ${this.chunks} where id = ? and doc_id = ?`).get(id, write.docId) as { rowid: number } | undefined;
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
    })();
    return stats;
  }

  async deleteDocument(docId: string, commit?: () => void): Promise<number> {
    let deleted = 0;
    this.db.transaction(() => {
      const rows = this.db.prepare(`select rowid from ${this.chunks} where doc_id = ?`).all(docId) as { rowid: number }[];
      for (const row of rows) this.deleteRow(row.rowid);
      deleted = rows.length;
      commit?.();
    })();
    return deleted;
  }

  private filterSql(filter: QueryFilter | undefined, alias: string): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: string[]) => {
      clauses.push(`${alias}.${column} in (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (filter?.docIds) inList('doc_id', filter.docIds.length ? filter.docIds : ['']);
    if (filter?.roots) inList('root', filter.roots.length ? filter.roots : ['']);
    if (filter?.fileTypes) inList('file_type', filter.fileTypes.length ? filter.fileTypes : ['']);
    if (filter?.sourceTypes) inList('source_type', filter.sourceTypes.length ? filter.sourceTypes : ['']);
    if (filter?.pathPrefix) {
      clauses.push(`substr(${alias}.path, 1, ?) = ?`);
      params.push(filter.pathPrefix.length, filter.pathPrefix);
    }
    if (filter?.tags?.length) {
      clauses.push(`exists (select 1 from json_each(${alias}.tags) t where t.value in (${filter.tags.map(() => '?').join(', ')}))`);
      params.push(...filter.tags);
    }
    return { sql: clauses.length ? clauses.join(' and ') : '1', params };
  }

  private hasFilter(filter: QueryFilter | undefined): boolean {
    return this.filterSql(filter, 'c').sql !== '1';
  }

  private lexicalCandidates(query: HybridQuery): Map<number, number> {
    const terms = [...new Set(query.terms)].map(ftsTerm);
    const out = new Map<number, number>();
    if (terms.length === 0) return out;
    const match = terms.map((term) => `"${term}"`).join(' OR ');
    const weights = `${this.options.titleWeight}, ${this.options.headingWeight}, 1.0`;
    const where = this.filterSql(query.filter, 'c');
    const rows = this.hasFilter(query.filter)
      ? (this.db
          .prepare(
            `select f.rowid as rowid, bm25(${this.fts}, ${weights}) as rank from ${this.fts} f join ${this.chunks} c on c.rowid = f.rowid
             where ${this.fts} match ? and ${where.sql} order by rank limit ?`,
          )
          .all(match, ...where.params, query.candidates) as { rowid: number; rank: number }[])
      : (this.db
          .prepare(`select rowid, bm25(${this.fts}, ${weights}) as rank from ${this.fts} where ${this.fts} match ? order by rank limit ?`)
          .all(match, query.candidates) as { rowid: number; rank: number }[]);
    // FTS5's bm25() is negative, lower being better.
    for (const row of rows) out.set(row.rowid, -row.rank);
    return out;
  }

  private denseCandidates(query: HybridQuery): Map<number, number> {
    const out = new Map<number, number>();
    if (!query.vector) return out;
    const vector = toBlob(query.vector);
    let rows: { rowid: number; distance: number }[];
    if (this.hasFilter(query.filter)) {
      // Exact search over the filtered subset, so a filter never hides a better match.
      const where = this.filterSql(query.filter, 'c');
      rows = this.db
        .prepare(
          `select c.rowid as rowid, vec_distance_cosine(v.embedding, ?) as distance from ${this.chunks} c join ${this.vectors} v on v.rowid = c.rowid
           where ${where.sql} order by distance limit ?`,
        )
        .all(vector, ...where.params, query.candidates) as { rowid: number; distance: number }[];
    } else {
      rows = this.db
        .prepare(`select rowid, distance from ${this.vectors} where embedding match ? and k = ? order by distance`)
        .all(vector, Math.min(query.candidates, 4096)) as { rowid: number; distance: number }[];
    }
    for (const row of rows) out.set(Number(row.rowid), 1 - row.distance);
    return out;
  }

  private cosines(rowids: number[], vector: Float32Array): Map<number, number> {
    const out = new Map<number, number>();
    if (rowids.length === 0) return out;
    const select = this.db.prepare(`select vec_distance_cosine(embedding, ?) as distance from ${this.vectors} where rowid = ?`);
    const blob = toBlob(vector);
    for (const rowid of rowids) {
      const row = select.get(blob, BigInt(rowid)) as { distance: number } | undefined;
      if (row) out.set(rowid, 1 - row.distance);
    }
    return out;
  }

  async query(query: HybridQuery): Promise<ScoredPoint[]> {
    const lexical = query.mode === 'dense' ? new Map<number, number>() : this.lexicalCandidates(query);
    const dense = query.mode === 'lexical' ? new Map<number, number>() : this.denseCandidates(query);
    if (query.mode === 'hybrid' && query.vector) {
      // Exact cosine for lexical-only candidates, so fusion compares like with like.
      const missing = [...lexical.keys()].filter((rowid) => !dense.has(rowid));
      for (const [rowid, cosine] of this.cosines(missing, query.vector)) dense.set(rowid, cosine);
    }
    const key = (map: Map<number, number>) => new Map([...map.entries()].map(([rowid, score]) => [String(rowid), score]));
    const fused = fuse(key(lexical), key(dense), query).slice(0, query.limit);
    if (fused.length === 0) return [];
    const rows = this.db
      .prepare(`select rowid, id, text, payload from ${this.chunks} where rowid in (${fused.map(() => '?').join(', ')})`)
      .all(...fused.map((item) => Number(item.id))) as ChunkRow[];
    const byRowid = new Map(rows.map((row) => [String(row.rowid), row]));
    return fused.flatMap((item) => {
      const row = byRowid.get(item.id);
      return row ? [{ ...this.rowToStored(row), score: item.score, dense: item.dense, lexical: item.lexical }] : [];
    });
  }

  async termStatistics(terms: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }> {
    const chunks = (this.db.prepare(`select count(*) as n from ${this.chunks}`).get() as { n: number }).n;
    const frequencies = new Map<string, number>();
    const unique = [...new Set(terms)];
    if (unique.length === 0) return { chunks, frequencies };
    const byFtsTerm = new Map(unique.map((term) => [ftsTerm(term), term]));
    const rows = this.db
      .prepare(`select term, doc from ftsv_${this.generation} where term in (${[...byFtsTerm.keys()].map(() => '?').join(', ')})`)
      .all(...byFtsTerm.keys()) as { term: string; doc: number }[];
    for (const row of rows) frequencies.set(byFtsTerm.get(row.term)!, row.doc);
    return { chunks, frequencies };
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const row = this.db.prepare(`select count(*) as n from ${this.chunks}`).get() as { n: number };
      return { ok: true, detail: `embedded index ${this.generation}: ${row.n} chunks` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async count(filter?: QueryFilter): Promise<number> {
    const where = this.filterSql(filter, 'c');
    const row = this.db.prepare(`select count(*) as n from ${this.chunks} c where ${where.sql}`).get(...where.params) as { n: number };
    return row.n;
  }
}

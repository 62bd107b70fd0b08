import { type Db, statementCache } from '../db';
import type { GenerationTables } from './embedded-schema';
import { splitInTwo } from './ivf-split';
import { fromBlob, normalized, toBlob } from './vector-math';

/**
 * Approximate dense search for the embedded index: an inverted file (IVF) kept inside SQLite.
 *
 * Why this design (docs/benchmarks.md, "Approximate vector search", has the measurements):
 * - Exact search reads every vector: about 1 µs each in sqlite-vec here, so 100 ms at 100k chunks.
 *   sqlite-vec's binary-quantised KNN was no faster at 100k (it still scans every row).
 * - An HNSW graph (usearch ships binaries in npm) answers in about 1 ms, but it lives in each
 *   process's memory: the watcher writes and the web server reads, so every new, changed and
 *   deleted chunk would have to reach a second copy, and the graph would be rebuilt or reloaded at
 *   every start.
 * - Lists inside the database are written in the same transaction as the chunk, so a new chunk is
 *   searchable and a deleted one gone the moment it commits, in every process, and the filters stay SQL.
 *
 * Vectors live in sqlite-vec's vec0 with the list as its partition key, so a probe scans one list
 * only. Lists start as one (list 0: exact search) and split in two by k-means once they exceed
 * `SPLIT_AT` rows, so each row moves about twice over its life and lists stay 512–1024 rows at any size.
 * The leaf centroids are a vec0 table too: finding a row's list or a query's probes is a KNN in C.
 */

/** A list splits when it exceeds this many rows: lists of 512–1024 keep a probe around a millisecond. */
export const SPLIT_AT = 1024;
/** Up to this many lists (about 100,000 chunks) a dense query probes the configured number; past it, more. */
const PROBES_GROW_FROM = 160;
/** sqlite-vec's largest k. */
const MAX_K = 4096;

/** The lists to probe among `lists` when `configured` are probed up to PROBES_GROW_FROM lists (IvfLists.probesNow). */
export function probesFor(configured: number, lists: number): number {
  return Math.max(configured, Math.round(configured * Math.sqrt(lists / PROBES_GROW_FROM)));
}

export interface Neighbour {
  rowid: number;
  distance: number;
}

/** A nearest-rows search as statements and limits, so that another connection can run it. */
export interface NearestRequest {
  /** The lists to probe: the centroids nearest the query. */
  probeSql: string;
  /** The nearest rows of one list. */
  listSql: string;
  /** The nearest rows overall, while there is one list. */
  allSql: string;
  probes: number;
  perList: number;
  k: number;
}

/** The `k` nearest, ties broken by rowid, with vec0's bigint rowids as numbers. */
export function nearestFirst(found: Neighbour[], k: number): Neighbour[] {
  return found
    .map((row) => ({ rowid: Number(row.rowid), distance: row.distance }))
    .sort((a, b) => a.distance - b.distance || a.rowid - b.rowid)
    .slice(0, k);
}

export class IvfLists {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(
    db: Db,
    private readonly tables: GenerationTables,
    readonly probes: number,
  ) {
    this.sql = statementCache(db);
  }

  /** Adds a vector under `rowid` (inside the caller's transaction), splitting its list if it grew too long. */
  insert(rowid: number, embedding: Buffer): void {
    const nearest = this.sql(`select rowid from ${this.tables.centroids} where embedding match ? and k = 1`).get(embedding) as { rowid: number } | undefined;
    const list = nearest ? Number(nearest.rowid) : 0;
    this.sql(`insert into ${this.tables.vectors}(rowid, list, embedding) values (?, ?, ?)`).run(BigInt(rowid), BigInt(list), embedding);
    const row = this.sql(`update ${this.tables.lists} set size = size + 1 where id = ? returning size, split_at`).get(list) as {
      size: number;
      split_at: number;
    };
    if (row.size > row.split_at) this.split(list);
  }

  remove(rowid: number): void {
    const row = this.sql(`select list from ${this.tables.vectors} where rowid = ?`).get(BigInt(rowid)) as { list: number } | undefined;
    if (!row) return;
    this.sql(`delete from ${this.tables.vectors} where rowid = ?`).run(BigInt(rowid));
    this.sql(`update ${this.tables.lists} set size = size - 1 where id = ?`).run(Number(row.list));
  }

  private split(list: number): void {
    const { vectors, lists, centroids } = this.tables;
    const rows = this.sql(`select rowid, embedding from ${vectors} where list = ?`).all(BigInt(list)) as { rowid: number; embedding: Buffer }[];
    const split = splitInTwo(rows.map((row) => normalized(fromBlob(row.embedding))));
    if (!split) {
      // Duplicates cannot be told apart: wait until the list doubles before trying again.
      this.sql(`update ${lists} set split_at = ? where id = ?`).run(rows.length * 2, list);
      return;
    }
    const ids = split.centroids.map((centroid) => {
      const id = Number(this.sql(`insert into ${lists}(size, split_at) values (0, ?)`).run(SPLIT_AT).lastInsertRowid);
      this.sql(`insert into ${centroids}(rowid, embedding) values (?, ?)`).run(BigInt(id), toBlob(centroid));
      return id;
    });
    // vec0 cannot update a partition key: each row is deleted and inserted into its new list.
    rows.forEach((row, index) => {
      this.sql(`delete from ${vectors} where rowid = ?`).run(BigInt(row.rowid));
      this.sql(`insert into ${vectors}(rowid, list, embedding) values (?, ?, ?)`).run(BigInt(row.rowid), BigInt(ids[split.sides[index]!]!), row.embedding);
    });
    const second = split.sides.reduce((sum, side) => sum + side, 0);
    this.sql(`update ${lists} set size = ? where id = ?`).run(rows.length - second, ids[0]);
    this.sql(`update ${lists} set size = ? where id = ?`).run(second, ids[1]);
    this.sql(`delete from ${lists} where id = ?`).run(list);
    if (list !== 0) this.sql(`delete from ${centroids} where rowid = ?`).run(BigInt(list));
  }

  /**
   * How many lists a dense query probes: the configured number up to PROBES_GROW_FROM lists, then
   * growing with the square root of the list count. A fixed number probes a shrinking share as the
   * index grows: 32 of 165 lists found 0.98 of the exact top 10 at 100,000 chunks, 32 of 1,838 only
   * 0.91 at 1,000,000 (64: 0.95, 96: 0.97, 128: 0.98; bench:query's corpus, 2026-12-04).
   */
  probesNow(): number {
    return probesFor(this.probes, this.listCount());
  }

  /** How many lists hold the vectors (1 while the index is small enough for exact search). */
  listCount(): number {
    return (this.sql(`select count(*) as n from ${this.tables.lists}`).get() as { n: number }).n;
  }

  /** How many vectors the lists hold (cheaper than counting chunks: one row per list). */
  rowCount(): number {
    return (this.sql(`select coalesce(sum(size), 0) as n from ${this.tables.lists}`).get() as { n: number }).n;
  }

  /**
   * What a search for the `k` nearest rows among the `probes` lists nearest the query (every row
   * while there is one list) runs, taking `perList` candidates from each list, nearest first. The
   * dense search thread (dense-worker.mjs) runs the same request on its own connection.
   */
  nearestRequest(k: number, probes = this.probesNow(), perList = k): NearestRequest {
    const { vectors, centroids } = this.tables;
    return {
      probeSql: `select rowid from ${centroids} where embedding match ? and k = ?`,
      listSql: `select rowid, distance from ${vectors} where embedding match ? and k = ? and list = ?`,
      allSql: `select rowid, distance from ${vectors} where embedding match ? and k = ?`,
      probes: Math.min(MAX_K, probes),
      perList: Math.min(MAX_K, perList),
      k,
    };
  }

  nearest(embedding: Buffer, k: number, probes = this.probesNow(), perList = k): Neighbour[] {
    const request = this.nearestRequest(k, probes, perList);
    const probed = this.sql(request.probeSql).all(embedding, request.probes) as { rowid: number }[];
    let found: Neighbour[];
    if (probed.length === 0) {
      found = this.sql(request.allSql).all(embedding, Math.min(MAX_K, k)) as Neighbour[];
    } else {
      const knn = this.sql(request.listSql);
      found = probed.flatMap((probe) => knn.all(embedding, request.perList, probe.rowid) as Neighbour[]);
    }
    return nearestFirst(found, k);
  }
}

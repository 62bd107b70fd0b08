import type { Db, statementCache } from '../db';
import { ftsTerm } from '../text/tokenize';
import { filterSql } from './embedded-filter';
import type { IvfLists, Neighbour } from './embedded-ivf';
import { type ChunkRow, type GenerationTables, rowToStored } from './embedded-schema';
import { type SignalCandidates, type SignalSource, rankCandidates } from './fusion';
import type { HybridQuery, ScoredPoint } from './types';
import { toBlob } from './vector-math';

/**
 * Up to this many matching chunks, a filtered dense query compares every one of them. Each costs a
 * vec0 lookup by rowid (~50 µs here, against ~2 µs per row inside an IVF probe), so past a
 * thousand or two the filtered IVF search is faster (10k chunks, documents-only filter: 504 ms exact, 57 ms IVF).
 */
const EXACT_FILTERED_ROWS = 1_500;

export interface LexicalWeights {
  /** BM25 column weights; the body column weighs 1. */
  titleWeight: number;
  headingWeight: number;
}

type Where = ReturnType<typeof filterSql>;

/**
 * The embedded side of hybrid ranking: FTS5's BM25 and sqlite-vec's cosine (IVF lists, exact when
 * few), keyed by rowid. Statements without the filter come from `sql`, compiled once; those with
 * it are compiled per query, since each filter shape (how many ids, tags…) is new SQL.
 */
class EmbeddedSignals implements SignalSource {
  constructor(
    private readonly db: Db,
    private readonly sql: ReturnType<typeof statementCache>,
    private readonly tables: GenerationTables,
    private readonly lists: IvfLists,
    private readonly weights: LexicalWeights,
  ) {}

  async candidates(query: HybridQuery, wanted: { lexical: boolean; dense: boolean }): Promise<SignalCandidates> {
    const where = filterSql(query.filter, 'c');
    const filtered = where.sql !== '1';
    // How many chunks the filter keeps, counted up to the exact-search limit: none (a filter on
    // curated answers before there are any) needs no search at all, a few are searched exactly.
    const kept = filtered ? this.filteredCount(where) : Infinity;
    return {
      lexical: wanted.lexical && kept > 0 ? this.lexical(query, filtered ? where : null, kept) : new Map<string, number>(),
      dense: wanted.dense && query.vector && kept > 0 ? this.dense(query, query.vector, filtered ? where : null, kept) : new Map<string, number>(),
    };
  }

  /** The chunks the filter keeps, counting no further than EXACT_FILTERED_ROWS + 1. */
  private filteredCount(where: Where): number {
    const row = this.db
      .prepare(`select count(*) as n from (select 1 from ${this.tables.chunks} c where ${where.sql} limit ${EXACT_FILTERED_ROWS + 1})`)
      .get(...where.params) as { n: number };
    return row.n;
  }

  private lexical(query: HybridQuery, where: Where | null, kept: number): Map<string, number> {
    const { fts, chunks } = this.tables;
    const terms = [...new Set(query.terms)].map(ftsTerm);
    const out = new Map<string, number>();
    if (terms.length === 0) return out;
    const match = terms.map((term) => `"${term}"`).join(' OR ');
    const weights = `${this.weights.titleWeight}, ${this.weights.headingWeight}, 1.0`;
    const unfiltered = (limit: number) =>
      this.sql(`select rowid, bm25(${fts}, ${weights}) as rank from ${fts} where ${fts} match ? order by rank limit ?`).all(match, limit) as {
        rowid: number;
        rank: number;
      }[];
    let rows: { rowid: number; rank: number }[] | null = where ? null : unfiltered(query.candidates);
    if (where && kept > EXACT_FILTERED_ROWS) {
      // A broad filter (documents only, an asker's readable spaces): the filtered top candidates are
      // the first that pass in the unfiltered ranking, so when enough of a ranking twice as long
      // pass, they are exact, without checking the filter on every matching chunk.
      const ranked = unfiltered(query.candidates * 2);
      const passing = this.passing(ranked, where);
      const inOrder = ranked.filter((row) => passing.has(row.rowid));
      if (inOrder.length >= query.candidates || ranked.length < query.candidates * 2) rows = inOrder.slice(0, query.candidates);
    }
    rows ??= this.db
      .prepare(
        `select f.rowid as rowid, bm25(${fts}, ${weights}) as rank from ${fts} f join ${chunks} c on c.rowid = f.rowid
         where ${fts} match ? and ${where!.sql} order by rank limit ?`,
      )
      .all(match, ...where!.params, query.candidates) as { rowid: number; rank: number }[];
    // FTS5's bm25() is negative, lower being better.
    for (const row of rows) out.set(String(row.rowid), -row.rank);
    return out;
  }

  /** Which of these rows the filter keeps. */
  private passing(rows: { rowid: number }[], where: Where): Set<number> {
    const keeps = this.db.prepare(`select c.rowid as rowid from ${this.tables.chunks} c where c.rowid in (select value from json_each(?)) and ${where.sql}`);
    return new Set((keeps.all(JSON.stringify(rows.map((row) => row.rowid)), ...where.params) as { rowid: number }[]).map((row) => row.rowid));
  }

  private dense(query: HybridQuery, queryVector: Float32Array, where: Where | null, kept: number): Map<string, number> {
    const vector = toBlob(queryVector);
    const k = query.candidates;
    const rows = !where
      ? this.lists.nearest(vector, k)
      : kept <= EXACT_FILTERED_ROWS
        ? this.exactFiltered(where, vector, k)
        : this.filteredDense(where, vector, k);
    return new Map(rows.map((row) => [String(row.rowid), 1 - row.distance]));
  }

  /**
   * A filter that keeps more chunks than an exact search should compare applies inside the IVF
   * search. First the lists an unfiltered search probes, a little deeper, checked nearest first in
   * growing batches: when the filter keeps most chunks (documents only, an asker's readable spaces)
   * the best that pass are among the first few checked. When it keeps fewer, proportionally more
   * lists are probed, deeper, so about as many matching chunks are compared as without a filter.
   */
  private filteredDense(where: Where, vector: Buffer, k: number): Neighbour[] {
    const passing = (candidates: Neighbour[]) => {
      const kept = this.passing(candidates, where);
      return candidates.filter((row) => kept.has(row.rowid));
    };
    const first = this.lists.nearest(vector, Number.MAX_SAFE_INTEGER, undefined, k * 2);
    const passed: Neighbour[] = [];
    let checked = 0;
    for (let batch = k * 2; passed.length < k && checked < first.length; batch *= 2) {
      passed.push(...passing(first.slice(checked, checked + batch)));
      checked = Math.min(first.length, checked + batch);
    }
    const share = checked ? passed.length / checked : 0;
    if (passed.length >= k && share >= 0.5) return passed.slice(0, k);
    const probes = Math.ceil(this.lists.probes / Math.max(share, 1 / this.lists.listCount()));
    return passing(this.lists.nearest(vector, Number.MAX_SAFE_INTEGER, probes, Math.max(k * 8, 256))).slice(0, k);
  }

  private exactFiltered(where: Where, vector: Buffer, k: number): Neighbour[] {
    const { chunks, vectors } = this.tables;
    return this.db
      .prepare(
        `select c.rowid as rowid, vec_distance_cosine(v.embedding, ?) as distance from ${chunks} c join ${vectors} v on v.rowid = c.rowid
         where ${where.sql} order by distance limit ?`,
      )
      .all(vector, ...where.params, k) as Neighbour[];
  }

  async cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const select = this.sql(`select vec_distance_cosine(embedding, ?) as distance from ${this.tables.vectors} where rowid = ?`);
    const blob = toBlob(vector);
    for (const id of ids) {
      const row = select.get(blob, BigInt(id)) as { distance: number } | undefined;
      if (row) out.set(id, 1 - row.distance);
    }
    return out;
  }
}

/** A hybrid, dense or lexical query over one generation's tables, ranked by `rankCandidates`. */
export async function queryTables(
  db: Db,
  sql: ReturnType<typeof statementCache>,
  tables: GenerationTables,
  lists: IvfLists,
  weights: LexicalWeights,
  query: HybridQuery,
): Promise<ScoredPoint[]> {
  const fused = await rankCandidates(query, new EmbeddedSignals(db, sql, tables, lists, weights));
  if (fused.length === 0) return [];
  const rows = sql(`select rowid, id, text, payload from ${tables.chunks} where rowid in (select value from json_each(?))`).all(
    JSON.stringify(fused.map((item) => Number(item.id))),
  ) as ChunkRow[];
  const byRowid = new Map(rows.map((row) => [String(row.rowid), row]));
  return fused.flatMap((item) => {
    const row = byRowid.get(item.id);
    return row ? [{ ...rowToStored(row), score: item.score, dense: item.dense, lexical: item.lexical }] : [];
  });
}

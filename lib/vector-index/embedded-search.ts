import type { statementCache } from '../db';
import { ftsTerm } from '../text/tokenize';
import { filterSql } from './embedded-filter';
import type { NearestSearch } from './dense-thread';
import { type IvfLists, type Neighbour, probesFor } from './embedded-ivf';
import { EXACT_LEXICAL_MATCHES, mergeSplit, orMatch, planLexical, planMatches } from './embedded-lexical';
import { type ChunkRow, type GenerationTables, rowToStored } from './embedded-schema';
import { type SignalCandidates, type SignalSource, rankCandidates } from './fusion';
import type { HybridQuery, ScoredPoint } from './types';
import type { TermFrequencies } from './term-frequencies';
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
  /** Up to this many possible matches every query term is scored everywhere (embedded-lexical.ts); tests lower it. */
  exactLexicalMatches?: number;
}

type Where = ReturnType<typeof filterSql>;
type Ranked = { rowid: number; rank: number };

/**
 * The embedded side of hybrid ranking: FTS5's BM25 and sqlite-vec's cosine (IVF lists, exact when
 * few), keyed by rowid. Every statement comes from `sql`, compiled once: a filter's SQL text
 * depends only on which fields it sets (lib/vector-index/embedded-filter.ts), not on its values.
 */
class EmbeddedSignals implements SignalSource {
  /** Cosines of this query's keyword candidates, computed while the dense search ran. */
  private known = new Map<string, number>();

  constructor(
    private readonly sql: ReturnType<typeof statementCache>,
    private readonly tables: GenerationTables,
    private readonly lists: IvfLists,
    private readonly nearest: NearestSearch,
    private readonly weights: LexicalWeights,
    private readonly frequencies: TermFrequencies,
  ) {}

  async candidates(query: HybridQuery, wanted: { lexical: boolean; dense: boolean }): Promise<SignalCandidates> {
    const filter = filterSql(query.filter, 'c');
    const where = filter.sql === '1' ? null : filter;
    // How many chunks the filter keeps, counted up to the exact-search limit: none (a filter on
    // curated answers before there are any) needs no search at all, a few are searched exactly.
    const kept = where ? this.filteredCount(where) : Infinity;
    // The dense half starts first: on the search thread (dense-thread.ts) it runs while this thread ranks keywords
    // (a narrow filter's exact search stays here).
    const denseBeside = (!where || kept > EXACT_FILTERED_ROWS) && this.nearest.parallel();
    const dense = wanted.dense && query.vector && kept > 0 ? this.dense(query, query.vector, where, kept) : Promise.resolve(new Map<string, number>());
    // Awaited together, so that a failing keyword search does not leave the dense one's failure unhandled.
    const lexical = Promise.resolve().then(() => {
      const scores = wanted.lexical && kept > 0 ? this.lexical(query, where, kept) : new Map<string, number>();
      // Fusion needs the cosine of keyword candidates the dense half misses: worked out while it still runs.
      if (query.mode === 'hybrid' && query.vector && wanted.dense && denseBeside) this.known = this.cosinesHere([...scores.keys()], query.vector);
      return scores;
    });
    const [lexicalScores, denseScores] = await Promise.all([lexical, dense]);
    return { lexical: lexicalScores, dense: denseScores };
  }

  /** The chunks the filter keeps, counting no further than EXACT_FILTERED_ROWS + 1. */
  private filteredCount(where: Where): number {
    const count = this.sql(`select count(*) as n from (select 1 from ${this.tables.chunks} c where ${where.sql} limit ${EXACT_FILTERED_ROWS + 1})`);
    return (count.get(...where.params) as { n: number }).n;
  }

  private lexical(query: HybridQuery, where: Where | null, kept: number): Map<string, number> {
    const terms = [...new Set(query.terms.map(ftsTerm))];
    if (terms.length === 0) return new Map();
    // A narrow filter is ranked exactly: its chunks may hold none of the question's rare terms.
    const exactUpTo = kept <= EXACT_FILTERED_ROWS ? Infinity : (this.weights.exactLexicalMatches ?? EXACT_LEXICAL_MATCHES);
    const chunks = this.lists.rowCount();
    // An index no larger than the exact limit is always ranked exactly: no frequencies to look up.
    const plan = chunks <= exactUpTo ? ({ kind: 'exact', terms } as const) : planLexical(terms, this.frequencies.of(terms, chunks), chunks, exactUpTo);
    // FTS5's bm25() is negative, lower being better.
    const rank = (match: string) => new Map(this.ranked(match, query.candidates, where, kept).map((row) => [String(row.rowid), -row.rank]));
    const [first = new Map<string, number>(), second = new Map<string, number>()] = planMatches(plan).map(rank);
    if (plan.kind === 'exact') return first;
    const merged = mergeSplit(first, second, query.candidates);
    // Too few chunks hold a rare term to fill the candidates: chunks with only common ones come next.
    return merged.size < query.candidates ? rank(orMatch([...plan.rare, ...plan.common])) : merged;
  }

  private ranked(match: string, limit: number, where: Where | null, kept: number): Ranked[] {
    const { fts, chunks } = this.tables;
    const weights = `${this.weights.titleWeight}, ${this.weights.headingWeight}, 1.0`;
    const unfiltered = (n: number) =>
      this.sql(`select rowid, bm25(${fts}, ${weights}) as rank from ${fts} where ${fts} match ? order by rank limit ?`).all(match, n) as Ranked[];
    if (!where) return unfiltered(limit);
    if (kept > EXACT_FILTERED_ROWS) {
      // A broad filter (documents only, an asker's readable spaces): the filtered top candidates are
      // the first that pass in the unfiltered ranking, so when enough of a ranking twice as long
      // pass (or it holds every match), they are exact, without checking the filter on every match.
      const ranking = unfiltered(limit * 2);
      const passed = this.passing(ranking, where);
      if (passed.length >= limit || ranking.length < limit * 2) return passed.slice(0, limit);
    }
    const joined = this.sql(
      `select f.rowid as rowid, bm25(${fts}, ${weights}) as rank from ${fts} f join ${chunks} c on c.rowid = f.rowid
       where ${fts} match ? and ${where.sql} order by rank limit ?`,
    );
    return joined.all(match, ...where.params, limit) as Ranked[];
  }

  /** The rows the filter keeps, in their order. */
  private passing<T extends { rowid: number }>(rows: T[], where: Where): T[] {
    const keeps = this.sql(`select c.rowid as rowid from ${this.tables.chunks} c where c.rowid in (select value from json_each(?)) and ${where.sql}`);
    const kept = new Set((keeps.all(JSON.stringify(rows.map((row) => row.rowid)), ...where.params) as { rowid: number }[]).map((row) => row.rowid));
    return rows.filter((row) => kept.has(row.rowid));
  }

  private async dense(query: HybridQuery, queryVector: Float32Array, where: Where | null, kept: number): Promise<Map<string, number>> {
    const k = query.candidates;
    const rows = !where
      ? await this.nearest.search(queryVector, k)
      : kept <= EXACT_FILTERED_ROWS
        ? this.exactFiltered(where, toBlob(queryVector), k)
        : await this.filteredDense(where, queryVector, k);
    return new Map(rows.map((row) => [String(row.rowid), 1 - row.distance]));
  }

  /**
   * A filter that keeps more chunks than an exact search should compare applies inside the IVF
   * search. First the lists an unfiltered search probes, a little deeper, checked nearest first in
   * growing batches: when the filter keeps most chunks (documents only, an asker's readable spaces)
   * the best that pass are among the first few checked. When it keeps fewer, proportionally more
   * lists are probed, deeper, so about as many matching chunks are compared as without a filter.
   */
  private async filteredDense(where: Where, vector: Float32Array, k: number): Promise<Neighbour[]> {
    const first = await this.nearest.search(vector, Number.MAX_SAFE_INTEGER, undefined, k * 2);
    const passed: Neighbour[] = [];
    let checked = 0;
    for (let batch = k * 2; passed.length < k && checked < first.length; batch *= 2) {
      passed.push(...this.passing(first.slice(checked, checked + batch), where));
      checked = Math.min(first.length, checked + batch);
    }
    const share = checked ? passed.length / checked : 0;
    if (passed.length >= k && share >= 0.5) return passed.slice(0, k);
    const lists = this.lists.listCount();
    const probes = Math.ceil(probesFor(this.lists.probes, lists) / Math.max(share, 1 / lists));
    return this.passing(await this.nearest.search(vector, Number.MAX_SAFE_INTEGER, probes, Math.max(k * 8, 256)), where).slice(0, k);
  }

  private exactFiltered(where: Where, vector: Buffer, k: number): Neighbour[] {
    const { chunks, vectors } = this.tables;
    const nearest = this.sql(
      `select c.rowid as rowid, vec_distance_cosine(v.embedding, ?) as distance from ${chunks} c join ${vectors} v on v.rowid = c.rowid
       where ${where.sql} order by distance limit ?`,
    );
    return nearest.all(vector, ...where.params, k) as Neighbour[];
  }

  async cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const known = this.known;
    const out = this.cosinesHere(
      ids.filter((id) => !known.has(id)),
      vector,
    );
    for (const id of ids) if (known.has(id)) out.set(id, known.get(id)!);
    return out;
  }

  private cosinesHere(ids: string[], vector: Float32Array): Map<string, number> {
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
  sql: ReturnType<typeof statementCache>,
  tables: GenerationTables,
  lists: IvfLists,
  nearest: NearestSearch,
  weights: LexicalWeights,
  frequencies: TermFrequencies,
  query: HybridQuery,
): Promise<ScoredPoint[]> {
  const fused = await rankCandidates(query, new EmbeddedSignals(sql, tables, lists, nearest, weights, frequencies));
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

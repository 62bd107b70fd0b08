import type { HybridQuery } from './types';

export interface FusionOptions {
  fusion: 'score' | 'rrf';
  denseWeight: number;
  rrfK: number;
}

export interface FusedScore {
  id: string;
  score: number;
  lexical: number | null;
  dense: number | null;
}

function minMax(values: Map<string, number>): (value: number | undefined) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values.values()) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const span = max - min;
  // A lone candidate (or a tie) gets full weight: it is the best this signal found.
  return (value) => (value === undefined ? 0 : span > 0 ? (value - min) / span : 1);
}

function ranks(values: Map<string, number>): Map<string, number> {
  return new Map([...values.entries()].sort((a, b) => b[1] - a[1]).map(([id], index) => [id, index + 1]));
}

/**
 * Combines a lexical and a dense signal over the union of their candidates. Score fusion is the
 * default: with a weak offline embedder, rank fusion falls below BM25 alone (docs/benchmarks.md).
 */
export function fuse(lexical: Map<string, number>, dense: Map<string, number>, options: FusionOptions): FusedScore[] {
  const ids = new Set([...lexical.keys(), ...dense.keys()]);
  const out: FusedScore[] = [];
  if (options.fusion === 'rrf') {
    const lexicalRanks = ranks(lexical);
    const denseRanks = ranks(dense);
    for (const id of ids) {
      const lexicalRank = lexicalRanks.get(id);
      const denseRank = denseRanks.get(id);
      const score = (lexicalRank ? 1 / (options.rrfK + lexicalRank) : 0) + (denseRank ? options.denseWeight / (options.rrfK + denseRank) : 0);
      out.push({ id, score, lexical: lexical.get(id) ?? null, dense: dense.get(id) ?? null });
    }
  } else {
    const lexicalNorm = minMax(lexical);
    const denseNorm = minMax(dense);
    for (const id of ids) {
      const score = lexicalNorm(lexical.get(id)) + options.denseWeight * denseNorm(dense.get(id));
      out.push({ id, score, lexical: lexical.get(id) ?? null, dense: dense.get(id) ?? null });
    }
  }
  // At equal scores a candidate the lexical side found goes first: min-max gives the last of them 0, as it gives every
  // candidate only the dense side found, and with the dense side weighed 0 (a language the embedder cannot read) those
  // would otherwise push it down by their ids.
  return out.sort((a, b) => b.score - a.score || Number(b.lexical !== null) - Number(a.lexical !== null) || a.id.localeCompare(b.id));
}

/** The candidates a backend found for a query, by point id. */
export interface SignalCandidates {
  /** The backend's BM25 scores, higher is better. */
  lexical: Map<string, number>;
  /** Cosine similarities. */
  dense: Map<string, number>;
}

/** What a backend supplies for hybrid ranking; the ranking itself is `rankCandidates`, the same for every backend. */
export interface SignalSource {
  /** The best `query.candidates` points of each signal asked for, with the query's filter applied (an empty map for a signal not asked for). */
  candidates(query: HybridQuery, wanted: { lexical: boolean; dense: boolean }): Promise<SignalCandidates>;
  /** The exact cosine similarity of these points to `vector`. */
  cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>>;
}

/**
 * Ranks a query on any backend: the lexical and dense candidates of its mode, the exact cosine of
 * lexical-only candidates (so fusion compares like with like), then `fuse` with the query's
 * fusion, dense weight and RRF k. Every setting means the same on every backend.
 */
export async function rankCandidates(query: HybridQuery, source: SignalSource): Promise<FusedScore[]> {
  const wanted = { lexical: query.mode !== 'dense' && query.terms.length > 0, dense: query.mode !== 'lexical' && query.vector !== null };
  if (!wanted.lexical && !wanted.dense) return [];
  const { lexical, dense } = await source.candidates(query, wanted);
  if (query.mode === 'hybrid' && query.vector) {
    const missing = [...lexical.keys()].filter((id) => !dense.has(id));
    if (missing.length) for (const [id, cosine] of await source.cosines(missing, query.vector)) dense.set(id, cosine);
  }
  return fuse(lexical, dense, query).slice(0, query.limit);
}

/**
 * Which query terms FTS5 scores for every chunk they match, and which only where a rarer term
 * matched too. FTS5's bm25() costs about 0.8 µs for every chunk that matches any query term, and in
 * a large index a question's common words match half of it: at 100,000 chunks the plain OR query
 * took 43 ms at the median and 95 ms at p95, for a union of 50,000 matching chunks (bench:query's
 * corpus, SciFact questions).
 *
 * Above `exactUpTo` possible matches, the terms are split: rare ones (the rarest, each in at most
 * RARE_SHARE of the chunks, together in at most RARE_BUDGET) and common ones. Two rankings then cover every chunk that matches a rare term, each
 * with its exact BM25: the rare terms alone (exact for chunks without a common term) and
 * `(common) AND (rare)` (all terms, exact for chunks with both). Chunks that match only common
 * words are not ranked. They cannot reach the top when the candidates are filled and the common
 * terms' largest possible contribution, idf × (k1 + 1) each, is below the last candidate's score;
 * otherwise the ranking is approximate, and bench:query measures how close (lexical_recall_at_10:
 * 1.00 at 100k chunks). When the rare terms do not fill the candidates, or a filter keeps few
 * chunks, the caller ranks every term everywhere (embedded-search.ts).
 */

/** A term's share of the chunks above which it is common. */
export const RARE_SHARE = 0.05;
/** Up to this many chunks matching some query term, everything is scored: the exact ranking costs at most ~16 ms. */
export const EXACT_LEXICAL_MATCHES = 20_000;
/**
 * The rare terms' chunk counts add up to at most this (the rarest term always counts as rare): the
 * rare ranking then scores no more chunks than an exact one may, at any index size. With RARE_SHARE
 * alone, at 1,000,000 chunks the two rankings took 94 / 251 ms (p50 / p95), with this 43 / 76 ms.
 */
export const RARE_BUDGET = EXACT_LEXICAL_MATCHES;
/** FTS5's bm25() k1 (fixed in SQLite's source). */
const K1 = 1.2;

export type LexicalPlan = { kind: 'exact'; terms: string[] } | { kind: 'split'; rare: string[]; common: string[]; commonBound: number };

/** FTS5's inverse document frequency: log((N − n + 0.5) / (n + 0.5)), never below 1e-6. */
export function ftsIdf(chunks: number, frequency: number): number {
  return Math.max(1e-6, Math.log((chunks - frequency + 0.5) / (frequency + 0.5)));
}

/**
 * The plan for `terms` (FTS terms) given their chunk frequencies. Terms no chunk holds are dropped
 * (they change no score). A query whose terms are all common, or all rare, is scored exactly.
 */
export function planLexical(terms: string[], frequencies: Map<string, number>, chunks: number, exactUpTo = EXACT_LEXICAL_MATCHES): LexicalPlan {
  const present = terms.filter((term) => (frequencies.get(term) ?? 0) > 0);
  const possible = Math.min(
    chunks,
    present.reduce((sum, term) => sum + frequencies.get(term)!, 0),
  );
  if (possible <= exactUpTo) return { kind: 'exact', terms: present };
  const rare: string[] = [];
  let budget = 0;
  for (const term of [...present].sort((a, b) => frequencies.get(a)! - frequencies.get(b)!)) {
    const frequency = frequencies.get(term)!;
    if (frequency > RARE_SHARE * chunks || (rare.length > 0 && budget + frequency > RARE_BUDGET)) break;
    rare.push(term);
    budget += frequency;
  }
  const common = present.filter((term) => !rare.includes(term));
  if (rare.length === 0 || common.length === 0) return { kind: 'exact', terms: present };
  const commonBound = common.reduce((sum, term) => sum + ftsIdf(chunks, frequencies.get(term)!) * (K1 + 1), 0);
  return { kind: 'split', rare, common, commonBound };
}

export function orMatch(terms: string[]): string {
  return terms.map((term) => `"${term}"`).join(' OR ');
}

/** The MATCH expressions a plan runs, each ranked by bm25(). */
export function planMatches(plan: LexicalPlan): string[] {
  if (plan.kind === 'exact') return plan.terms.length ? [orMatch(plan.terms)] : [];
  return [orMatch(plan.rare), `(${orMatch(plan.common)}) AND (${orMatch(plan.rare)})`];
}

/**
 * Merges a split plan's rankings (scores higher is better) into the best `limit`: a chunk in the
 * second ranking has its full score there; one only in the first has no common term, or one whose
 * full score already ranks below `limit` others there. They are the exact top when the plan's
 * `commonBound` is below the last one's score (chunks with only common terms cannot reach it).
 */
export function mergeSplit(rareOnly: Map<string, number>, withCommon: Map<string, number>, limit: number): Map<string, number> {
  const merged = new Map(rareOnly);
  for (const [id, score] of withCommon) merged.set(id, score);
  return new Map([...merged].sort((a, b) => b[1] - a[1]).slice(0, limit));
}

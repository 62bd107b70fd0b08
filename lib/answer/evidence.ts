import type { SearchResult } from '../retrieval';
import { tokenize } from '../text/tokenize';
import type { VectorIndex } from '../vector-index/types';

/** Inverse document frequency of each query term in the index (BM25's IDF), and the terms no indexed passage holds. */
export async function queryStatistics(index: VectorIndex, terms: string[]): Promise<{ idf: Map<string, number>; unseen: Set<string> }> {
  const { chunks, frequencies } = await index.termStatistics(terms);
  const idf = new Map<string, number>();
  const unseen = new Set<string>();
  for (const term of new Set(terms)) {
    const df = frequencies.get(term) ?? 0;
    idf.set(term, Math.log(1 + (chunks - df + 0.5) / (df + 0.5)));
    if (df === 0) unseen.add(term);
  }
  return { idf, unseen };
}

/** Share of the query's IDF weight whose terms appear in `text` (0 when none, 1 when all). */
export function idfCoverage(queryTerms: string[], idf: Map<string, number>, text: string | Set<string>, language?: string): number {
  const unique = [...new Set(queryTerms)];
  const present = typeof text === 'string' ? new Set(tokenize(text, language)) : text;
  let total = 0;
  let covered = 0;
  for (const term of unique) {
    const weight = idf.get(term) ?? 0;
    total += weight;
    if (present.has(term)) covered += weight;
  }
  return total > 0 ? covered / total : 0;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return dot / (Math.sqrt(normA * normB) || 1);
}

/** How strongly a passage must bear on a question: share of the question's IDF weight it holds, or its dense similarity. */
export interface EvidenceFloor {
  coverage: number;
  dense: number;
  /** Also enough: both at once, each at a lower level (a passage that holds the question's words and means the same). */
  both?: { coverage: number; dense: number };
}

/** Below this, a passage is not shown as one of the "closest passages found" of an escalation. */
export const RELEVANCE_FLOOR: EvidenceFloor = { coverage: 0.5, dense: 0.45 };
/**
 * Above this, the documents speak to a request the classifier took for small talk or trivia. "Where did Kublai extend
 * the Grand Canal to?" reads like trivia, yet a collection about the Yuan dynasty answers it: a passage that holds about
 * half its words and means much the same. Chosen on SQuAD's calibration half (16 of the 34 answerable questions that
 * were declined are now answered or escalated) and the development half of our out-of-scope requests (none of 74
 * passes, against the sample handbook or doc2dial's pages).
 */
export const STRONG_EVIDENCE: EvidenceFloor = { coverage: 0.67, dense: 0.55, both: { coverage: 0.45, dense: 0.4 } };

/** Whether a retrieved passage (with its title and heading) bears on the question's terms or meaning. */
export function relevantPassage(
  result: SearchResult,
  terms: string[],
  idf: Map<string, number>,
  floor: EvidenceFloor = RELEVANCE_FLOOR,
  language?: string,
): boolean {
  const coverage = idfCoverage(terms, idf, `${result.text} ${result.title ?? ''} ${result.heading ?? ''}`, language);
  const dense = result.dense ?? 0;
  return coverage >= floor.coverage || dense >= floor.dense || (floor.both !== undefined && coverage >= floor.both.coverage && dense >= floor.both.dense);
}

import { termFrequencies } from './tokenize';

// BM25 as sparse vectors for Qdrant: the client writes each chunk's saturated, length-normalised
// term frequencies and Qdrant's `modifier: "idf"` multiplies in the inverse document frequency
// at query time. Terms come from lib/text/tokenize, the same tokenizer as the embedded FTS5 index.

export interface SparseVector {
  indices: number[];
  values: number[];
}

export interface Bm25Parameters {
  k1: number;
  b: number;
  /** Average weighted length of a chunk in this collection. */
  averageLength: number;
}

/** A term's dimension: FNV-1a, 32 bits (Qdrant sparse indices are u32). */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(term, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface WeightedFields {
  title: string[];
  heading: string[];
  body: string[];
}

/** Field-weighted term counts (BM25F-style) and the weighted length they add up to. */
export function weightedCounts(fields: WeightedFields, weights: { title: number; heading: number }): { counts: Map<string, number>; length: number } {
  const counts = new Map<string, number>();
  const add = (terms: string[], weight: number) => {
    if (weight <= 0) return;
    for (const [term, count] of termFrequencies(terms)) counts.set(term, (counts.get(term) ?? 0) + count * weight);
  };
  add(fields.title, weights.title);
  add(fields.heading, weights.heading);
  add(fields.body, 1);
  let length = 0;
  for (const count of counts.values()) length += count;
  return { counts, length };
}

function merge(entries: Iterable<[number, number]>): SparseVector {
  const merged = new Map<number, number>();
  for (const [index, value] of entries) merged.set(index, (merged.get(index) ?? 0) + value);
  const indices = [...merged.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((index) => merged.get(index)!) };
}

export function documentSparseVector(counts: Map<string, number>, length: number, parameters: Bm25Parameters): SparseVector {
  const { k1, b, averageLength } = parameters;
  const norm = k1 * (1 - b + (b * length) / Math.max(averageLength, 1e-6));
  return merge([...counts.entries()].map(([term, tf]) => [termIndex(term), (tf * (k1 + 1)) / (tf + norm)]));
}

/** Each distinct query term once, weight 1: Qdrant's IDF modifier supplies the rest. */
export function querySparseVector(terms: string[]): SparseVector {
  return merge([...new Set(terms)].map((term) => [termIndex(term), 1]));
}

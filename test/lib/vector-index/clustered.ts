import { openDatabase, type Db } from '../../../lib/db';
import { EmbeddedIndex, type EmbeddedIndexOptions } from '../../../lib/vector-index/embedded-index';
import { createGeneration } from '../../../lib/vector-index/generations';
import type { IndexPoint, QueryFilter } from '../../../lib/vector-index/types';
import { dot, normalized } from '../../../lib/vector-index/vector-math';
import { tempDir } from '../../helpers/temp';
import { point, query } from './behaviour';

// A clustered corpus for the embedded index's IVF tests, and helpers to index and search it.

export const DIMENSION = 16;
export const identity = { provider: 'fake', model: 'clusters', dimension: DIMENSION };
export const options: EmbeddedIndexOptions = { titleWeight: 2, headingWeight: 1, probes: 5 };

/** Seeded vectors around 40 centres, so the lists have structure to find, as real embeddings do. */
export function vectors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const centres = Array.from({ length: 40 }, () => Float32Array.from({ length: DIMENSION }, random));
  return Array.from({ length: count }, (_, index) => normalized(centres[index % 40]!.map((value) => value + 0.35 * random())));
}

export function corpus(count: number): IndexPoint[] {
  return vectors(count, 7).map((vector, index) => {
    const doc = `doc${Math.floor(index / 10)}`;
    // One document in twenty is a PDF: a narrow filter; Markdown is a broad one.
    const fileType = Math.floor(index / 10) % 20 === 0 ? 'pdf' : 'markdown';
    return { ...point(doc, `c${index}`, `chunk ${index}`, { file_type: fileType, chunk_index: index % 10 }), vector };
  });
}

export async function write(index: EmbeddedIndex, points: IndexPoint[]): Promise<void> {
  const byDoc = new Map<string, IndexPoint[]>();
  for (const item of points) byDoc.set(item.payload.doc_id, [...(byDoc.get(item.payload.doc_id) ?? []), item]);
  for (const [docId, upsert] of byDoc) await index.writeDocument({ docId, upsert, delete: [], updatePayload: [] });
}

/** The ids of the `k` points nearest `vector` by exact cosine, among those `keep` accepts. */
export function exact(points: IndexPoint[], vector: Float32Array, k: number, keep: (item: IndexPoint) => boolean = () => true): string[] {
  return points
    .filter(keep)
    .map((item) => ({ id: item.id, score: dot(item.vector, vector) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((item) => item.id);
}

export async function dense(index: EmbeddedIndex, vector: Float32Array, filter?: QueryFilter): Promise<string[]> {
  const hits = await index.query({ ...query('x'), vector, terms: [], mode: 'dense', limit: 10, candidates: 10, filter });
  return hits.map((hit) => hit.id);
}

/** A new embedded index on a new database, holding `points`. */
export async function indexOf(
  points: IndexPoint[],
  indexOptions: EmbeddedIndexOptions = options,
): Promise<{ db: Db; generation: string; index: EmbeddedIndex }> {
  const db = openDatabase(tempDir());
  const generation = createGeneration(db, 'embedded', identity, 'serving').name;
  EmbeddedIndex.ensureTables(db, generation, DIMENSION);
  const index = new EmbeddedIndex(db, generation, identity, indexOptions);
  await write(index, points);
  return { db, generation, index };
}

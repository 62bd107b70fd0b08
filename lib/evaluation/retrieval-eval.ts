import { type Retriever, searchDocuments } from '../retrieval';
import type { RetrievalMode } from '../vector-index/types';
import type { EvalQuery } from './datasets';
import { hitAtK, mean, ndcgAtK, recallAtK, round } from './metrics';

export interface ModeScores {
  'ndcg@10': number;
  'recall@100': number;
  '@1': number;
  '@5': number;
}

export interface RetrievalVariant {
  name: string;
  mode: RetrievalMode;
  fusion?: 'score' | 'rrf';
  denseWeight?: number;
}

export const STANDARD_VARIANTS: RetrievalVariant[] = [
  { name: 'bm25', mode: 'lexical' },
  { name: 'dense', mode: 'dense' },
  { name: 'hybrid', mode: 'hybrid' },
];

/**
 * Ranks documents for every query under each variant and scores them. Query vectors are computed
 * once; `documentOf` maps an indexed path back to the dataset's document id.
 */
export async function evaluateRetrieval(
  retriever: Retriever,
  queries: EvalQuery[],
  variants: RetrievalVariant[],
  documentOf: (path: string) => string,
  onProgress?: (done: number, total: number) => void,
): Promise<Record<string, ModeScores>> {
  const vectors = await retriever.scheduler.embed(queries.map((query) => query.text));
  const scores: Record<string, { ndcg: number[]; recall: number[]; at1: number[]; at5: number[] }> = {};
  for (const variant of variants) scores[variant.name] = { ndcg: [], recall: [], at1: [], at5: [] };
  for (const [index, query] of queries.entries()) {
    for (const variant of variants) {
      const results = await searchDocuments(retriever, query.text, {
        k: 100,
        mode: variant.mode,
        fusion: variant.fusion,
        denseWeight: variant.denseWeight,
        queryVector: vectors[index],
      });
      const ranked = results.map((result) => documentOf(result.path));
      const bucket = scores[variant.name]!;
      bucket.ndcg.push(ndcgAtK(ranked, query.judgments, 10));
      bucket.recall.push(recallAtK(ranked, query.judgments, 100));
      bucket.at1.push(hitAtK(ranked, query.judgments, 1));
      bucket.at5.push(hitAtK(ranked, query.judgments, 5));
    }
    onProgress?.(index + 1, queries.length);
  }
  return Object.fromEntries(
    Object.entries(scores).map(([name, bucket]) => [
      name,
      { 'ndcg@10': round(mean(bucket.ndcg)), 'recall@100': round(mean(bucket.recall)), '@1': round(mean(bucket.at1)), '@5': round(mean(bucket.at5)) },
    ]),
  );
}

import type { DocumentWrite, VectorIndex, WriteStats } from '../lib/vector-index/types';
import type { EmbeddedPlan } from './embed';

/**
 * Index stage: new chunks upserted, moved ones re-labelled, stale ones deleted, as one write.
 * `commit` (registry row, job completion, freshness event) joins the same transaction on the
 * embedded index, so a crash leaves either the old version or the new one, never a mix.
 */
export async function writeDocumentChunks(index: VectorIndex, docId: string, plan: EmbeddedPlan, commit: () => void): Promise<WriteStats> {
  const write: DocumentWrite = {
    docId,
    upsert: plan.fresh.map((item) => ({ id: item.id, vector: item.vector, text: item.chunk.text, payload: item.payload })),
    updatePayload: plan.moved.map((item) => ({ id: item.id, payload: item.payload })),
    delete: plan.stale,
  };
  return index.writeDocument(write, commit);
}

import { querySparseVector } from '../text/bm25-sparse';
import { type SignalCandidates, type SignalSource, rankCandidates } from './fusion';
import type { QdrantCollection } from './qdrant-collection';
import { CITATION_FIELDS, DENSE, SPARSE, toFilter, toStored } from './qdrant-requests';
import type { HybridQuery, ScoredPoint } from './types';

type Hit = { id: string | number; score: number };
const scores = (points: Hit[]) => new Map(points.map((point) => [String(point.id), point.score]));

/**
 * Qdrant's side of hybrid ranking: both candidate lists in one batch request (the sparse BM25
 * vector, IDF applied by Qdrant, and the dense vector), and exact cosines by id. Fusion happens in
 * Docent (`rankCandidates`), as on the embedded backend, so the dense weight and RRF k mean the
 * same on both.
 */
class QdrantSignals implements SignalSource {
  constructor(private readonly collection: QdrantCollection) {}

  async candidates(query: HybridQuery, wanted: { lexical: boolean; dense: boolean }): Promise<SignalCandidates> {
    const filter = toFilter(query.filter);
    const sparse = querySparseVector(query.terms);
    const lexical = wanted.lexical && sparse.indices.length > 0;
    const dense = wanted.dense && query.vector ? Array.from(query.vector) : null;
    const common = { limit: query.candidates, with_payload: false, ...(filter ? { filter } : {}) };
    const searches = [
      ...(lexical ? [{ query: sparse, using: SPARSE, ...common }] : []),
      ...(dense ? [{ query: dense, using: DENSE, ...common }] : []),
      // The cosine of every lexical candidate, in the same request: fusion needs it for those the
      // dense search did not find, and a separate request would be one more round trip per query.
      ...(lexical && dense
        ? [{ prefetch: { query: sparse, using: SPARSE, ...common }, query: dense, using: DENSE, limit: query.candidates, with_payload: false }]
        : []),
    ];
    if (searches.length === 0) return { lexical: new Map<string, number>(), dense: new Map<string, number>() };
    const results = await this.collection.call('search', () => this.collection.client.queryBatch(this.collection.name, { searches }));
    const denseScores = dense ? scores(results[lexical ? 1 : 0]!.points) : new Map<string, number>();
    if (lexical && dense) for (const [id, cosine] of scores(results[2]!.points)) denseScores.set(id, cosine);
    return { lexical: lexical ? scores(results[0]!.points) : new Map<string, number>(), dense: denseScores };
  }

  async cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const result = await this.collection.call('score the candidates', () =>
      this.collection.client.query(this.collection.name, {
        query: Array.from(vector),
        using: DENSE,
        filter: { must: [{ has_id: ids }] },
        limit: ids.length,
        with_payload: false,
      }),
    );
    return scores(result.points);
  }
}

/** A hybrid, dense or lexical query: ranked by `rankCandidates`, then the citation payload of the results. */
export async function queryCollection(collection: QdrantCollection, query: HybridQuery): Promise<ScoredPoint[]> {
  await collection.ensureReady();
  const fused = await rankCandidates(query, new QdrantSignals(collection));
  if (fused.length === 0) return [];
  const records = await collection.call('fetch the results', () =>
    collection.client.retrieve(collection.name, { ids: fused.map((item) => item.id), with_payload: CITATION_FIELDS, with_vector: false }),
  );
  const byId = new Map(records.map((record) => [String(record.id), record]));
  return fused.flatMap((item) => {
    const record = byId.get(item.id);
    return record ? [{ ...toStored(record), score: item.score, dense: item.dense, lexical: item.lexical }] : [];
  });
}

import type { EmbedderIdentity } from '../embedder/types';
import { describeError } from '../errors';
import { documentSparseVector, weightedCounts } from '../text/bm25-sparse';
import { QdrantCollection, type QdrantIndexOptions } from './qdrant-collection';
import { DENSE, chunkFields, documentFilter, replacementPayload, toFilter, toQdrantPoint, toStored } from './qdrant-requests';
import { queryCollection } from './qdrant-search';
import { withoutMetadata } from './qdrant-metadata';
import { createSnapshot, snapshotFrom, snapshotInto } from './qdrant-snapshot';
import type { BackupFile, DocumentWrite, GenerationIndex, HybridQuery, QueryFilter, ScoredPoint, StoredPoint, WriteStats } from './types';

export type { QdrantIndexOptions } from './qdrant-collection';

const UPSERT_BATCH = 128;

/**
 * The Qdrant backend: one collection per generation (qdrant-collection.ts) with deterministic UUID
 * point ids; hybrid queries fetch both candidate lists and fuse them like the embedded index
 * (qdrant-search.ts); the serving generation is the one the alias names.
 */
export class QdrantIndex implements GenerationIndex {
  readonly backend = 'qdrant' as const;
  readonly generation: string;
  readonly identity: EmbedderIdentity;
  private readonly collection: QdrantCollection;

  constructor(private readonly options: QdrantIndexOptions) {
    this.generation = options.collection;
    this.identity = options.identity;
    this.collection = new QdrantCollection(options);
  }

  async listDocumentPoints(docId: string): Promise<StoredPoint[]> {
    const { collection } = this;
    await collection.ensureReady();
    const out: StoredPoint[] = [];
    let offset: string | number | undefined;
    do {
      const page = await collection.call('list a document', () =>
        collection.client.scroll(collection.name, {
          filter: documentFilter(docId),
          with_payload: true,
          with_vector: false,
          limit: 256,
          ...(offset !== undefined ? { offset } : {}),
        }),
      );
      out.push(...page.points.map(toStored));
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined);
    return out;
  }

  async fetchVectors(ids: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    if (ids.length === 0) return out;
    const { collection } = this;
    await collection.ensureReady();
    const records = await collection.call('fetch vectors', () =>
      collection.client.retrieve(collection.name, { ids, with_payload: false, with_vector: [DENSE] }),
    );
    for (const record of records) {
      const vector = (record.vector as Record<string, number[]> | undefined)?.[DENSE];
      if (vector) out.set(String(record.id), Float32Array.from(vector));
    }
    return out;
  }

  async writeDocument(write: DocumentWrite, commit?: () => void): Promise<WriteStats> {
    for (const point of write.upsert) {
      if (point.vector.length !== this.identity.dimension) {
        throw new Error(`Vector of size ${point.vector.length} for an index of dimension ${this.identity.dimension}`);
      }
    }
    const { collection } = this;
    await collection.ensureReady();
    const lengths: number[] = [];
    const points = write.upsert.map((point) => {
      const fields = chunkFields(point.text, point.payload);
      const { counts, length } = weightedCounts(fields, { title: this.options.titleWeight, heading: this.options.headingWeight });
      lengths.push(length);
      return toQdrantPoint(point, fields, documentSparseVector(counts, length, collection.bm25));
    });
    const existing = new Map((await this.listDocumentPoints(write.docId)).map((point) => [point.id, point]));
    const stale = [...new Set(write.delete)].filter((id) => existing.has(id));
    // Payload updates only apply to chunks that exist (Qdrant answers 404 for unknown ids).
    const updates = write.updatePayload.filter((item) => existing.has(item.id));
    // Operations run in order, as on the embedded backend: deletes, then upserts, then payloads.
    const operations: unknown[] = [];
    if (stale.length) {
      // By filter, scoped to the document: an id listed by mistake cannot delete another document's chunk.
      operations.push({ delete: { filter: { must: [{ key: 'doc_id', match: { value: write.docId } }, { has_id: stale }] } } });
    }
    for (let index = 0; index < points.length; index += UPSERT_BATCH) operations.push({ upsert: { points: points.slice(index, index + UPSERT_BATCH) } });
    for (const item of updates) {
      operations.push({ overwrite_payload: { points: [item.id], payload: replacementPayload(existing.get(item.id)!.text, item.payload) } });
    }
    if (operations.length) {
      await collection.call('write a document', () => collection.client.batchUpdate(collection.name, { operations: operations as never, wait: true }));
    }
    commit?.();
    await collection.trackLengths(lengths).catch(() => undefined);
    return { upserted: points.length, updated: updates.length, deleted: stale.length };
  }

  async deleteDocument(docId: string, commit?: () => void): Promise<number> {
    const { collection } = this;
    await collection.ensureReady();
    const before = await this.count({ docIds: [docId] });
    await collection.call('delete a document', () => collection.client.delete(collection.name, { filter: documentFilter(docId), wait: true }));
    commit?.();
    return before;
  }

  query(query: HybridQuery): Promise<ScoredPoint[]> {
    return queryCollection(this.collection, query);
  }

  async count(filter?: QueryFilter): Promise<number> {
    const { collection } = this;
    await collection.ensureReady();
    const result = await collection.call('count', () => collection.client.count(collection.name, { exact: true, filter: withoutMetadata(toFilter(filter)) }));
    return result.count;
  }

  async termStatistics(terms: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }> {
    const { collection } = this;
    const unique = [...new Set(terms)];
    const [chunks, ...counts] = await Promise.all([
      this.count(),
      ...unique.map((term) =>
        collection
          .ensureReady()
          .then(() =>
            collection.call('count a term', () =>
              collection.client.count(collection.name, { exact: true, filter: { must: [{ key: 'terms', match: { value: term } }] } }),
            ),
          ),
      ),
    ]);
    return { chunks, frequencies: new Map(unique.map((term, position) => [term, counts[position]!.count])) };
  }

  /** Reachability for health checks, without creating anything. */
  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const info = await this.collection.call('report its version', () => this.collection.client.versionInfo());
      return { ok: true, detail: `Qdrant ${info.version} at ${this.options.url}` };
    } catch (error) {
      return { ok: false, detail: describeError(error) };
    }
  }

  /** Points the configured alias (`DOCENT_QDRANT_ALIAS`) at this collection; without one there is nothing to switch. */
  async claimServing(): Promise<void> {
    if (this.options.alias) await this.collection.claimAlias(this.options.alias);
  }

  drop(): Promise<void> {
    return this.collection.drop();
  }

  backupInto(folder: string): Promise<BackupFile> {
    return snapshotInto(this.collection, folder);
  }

  restoreFrom(folder: string, file: string): Promise<void> {
    return snapshotFrom(this.collection, folder, file);
  }

  /** Points `alias` at this collection in one atomic alias operation. */
  claimAlias(alias: string): Promise<void> {
    return this.collection.claimAlias(alias);
  }

  /** A snapshot of this collection, left in Qdrant's snapshot folder. */
  createSnapshot(): Promise<{ name: string; size: number } | null> {
    return createSnapshot(this.collection);
  }
}

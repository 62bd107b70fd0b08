import { QdrantClient } from '@qdrant/js-client-rest';
import { type EmbedderIdentity, identityKey } from '../embedder/types';
import { DocentError, EmbedderMismatchError, IndexUnavailableError, describeError } from '../errors';
import { type Bm25Parameters, documentSparseVector, querySparseVector, weightedCounts } from '../text/bm25-sparse';
import { tokenize } from '../text/tokenize';
import type { ChunkPayload, DocumentWrite, HybridQuery, IndexPoint, QueryFilter, ScoredPoint, StoredPoint, VectorIndex, WriteStats } from './types';

export interface QdrantIndexOptions {
  url: string;
  apiKey?: string;
  collection: string;
  identity: EmbedderIdentity;
  titleWeight: number;
  headingWeight: number;
  k1: number;
  b: number;
  shardNumber: number;
  replicationFactor: number;
  timeoutMs: number;
}

const DENSE = 'dense';
const SPARSE = 'bm25';
const UPSERT_BATCH = 128;
/** What a citation needs; vectors and anything else stay on the server. */
const CITATION_FIELDS = [
  'doc_id',
  'root',
  'path',
  'title',
  'heading',
  'page',
  'char_start',
  'char_end',
  'chunk_index',
  'file_type',
  'tags',
  'source_type',
  'text_hash',
  'ocr',
  'ocr_confidence',
  'low_confidence',
  'text',
];
// `terms` (a chunk's distinct lexical terms) lets Docent count document frequencies for IDF weights.
const KEYWORD_FIELDS = ['doc_id', 'root', 'file_type', 'tags', 'source_type', 'terms'];
/**
 * Path filters use `match: {prefix}` over a keyword index with the `prefix` option, both new in
 * Qdrant 1.19 (older servers reject them); the Query API, fusion and metadata are older still.
 */
const MINIMUM_VERSION: [number, number] = [1, 19];

type Filter = { must?: unknown[]; must_not?: unknown[] };
type Payload = ChunkPayload & { text: string; terms: string[] };

/** Qdrant-side metadata of a Docent collection (`metadata.docent`). */
interface CollectionMetadata {
  embedder: string;
  tokenizer: string;
  bm25: { k1: number; b: number; average_length: number; title_weight: number; heading_weight: number };
}

const TOKENIZER = 'docent-tokenize-v1 (lowercase, Latin folding, stop words, Porter, CJK bigrams)';

function isConnectionFailure(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${(error as { cause?: Error })?.cause?.message ?? ''} ${(error as { cause?: { code?: string } })?.cause?.code ?? ''}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|other side closed|aborted|timeout/i.test(text);
}

/**
 * The Qdrant backend: one collection per generation with a named dense vector and a named
 * BM25 sparse vector (IDF applied by Qdrant), payload indexes for filters, the embedder identity
 * in the collection metadata, deterministic UUID point ids, and hybrid queries through the Query
 * API (dense and sparse prefetches fused server-side).
 */
export class QdrantIndex implements VectorIndex {
  readonly backend = 'qdrant' as const;
  readonly generation: string;
  readonly identity: EmbedderIdentity;
  private readonly client: QdrantClient;
  private ready: Promise<void> | null = null;
  private bm25: Bm25Parameters;
  private lengthSum = 0;
  private lengthCount = 0;
  private lastPersistedCount = 0;

  constructor(private readonly options: QdrantIndexOptions) {
    this.generation = options.collection;
    this.identity = options.identity;
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false, timeout: options.timeoutMs });
    this.bm25 = { k1: options.k1, b: options.b, averageLength: 120 };
  }

  /** Runs one Qdrant call, turning transport and server failures into typed, readable errors. */
  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (DocentError.isInstance(error)) throw error;
      const status = (error as { status?: number }).status;
      if (status === undefined && isConnectionFailure(error)) {
        this.ready = null;
        throw new IndexUnavailableError('qdrant', this.options.url, `Qdrant at ${this.options.url} is not reachable: ${describeError(error)}`, error);
      }
      if (status !== undefined && (status >= 500 || status === 429 || status === 408)) {
        throw new IndexUnavailableError(
          'qdrant',
          this.options.url,
          `Qdrant at ${this.options.url} failed to ${what} (HTTP ${status}): ${describeError(error)}`,
          error,
        );
      }
      const detail = JSON.stringify((error as { data?: unknown }).data ?? describeError(error));
      throw new DocentError('qdrant_request_failed', `Qdrant rejected the request to ${what} (HTTP ${status ?? '?'}): ${detail}`, { cause: error });
    }
  }

  /** Checks the server version and creates or verifies the collection, once per connection. */
  private ensureReady(): Promise<void> {
    this.ready ??= this.prepare().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async prepare(): Promise<void> {
    const info = await this.call('report its version', () => this.client.versionInfo());
    const [major, minor] = String(info.version).split('.').map(Number) as [number, number];
    if (major !== MINIMUM_VERSION[0] || minor < MINIMUM_VERSION[1]) {
      throw new DocentError(
        'qdrant_incompatible',
        `Qdrant at ${this.options.url} is version ${info.version}; Docent needs ${MINIMUM_VERSION.join('.')} or later (1.x).`,
      );
    }
    const { collection } = this.options;
    const exists = await this.call('check the collection', () => this.client.collectionExists(collection));
    if (!exists.exists) {
      await this.create();
      return;
    }
    const description = await this.call('read the collection', () => this.client.getCollection(collection));
    const metadata = (description.config as { metadata?: { docent?: CollectionMetadata } }).metadata?.docent;
    if (!metadata)
      throw new DocentError(
        'qdrant_foreign_collection',
        `Qdrant collection ${collection} was not created by Docent (no docent metadata); refusing to write into it.`,
      );
    if (metadata.embedder !== identityKey(this.identity)) throw new EmbedderMismatchError(metadata.embedder, identityKey(this.identity));
    this.bm25.averageLength = metadata.bm25.average_length;
  }

  private metadata(): CollectionMetadata {
    return {
      embedder: identityKey(this.identity),
      tokenizer: TOKENIZER,
      bm25: {
        k1: this.bm25.k1,
        b: this.bm25.b,
        average_length: Math.round(this.bm25.averageLength * 100) / 100,
        title_weight: this.options.titleWeight,
        heading_weight: this.options.headingWeight,
      },
    };
  }

  private async create(): Promise<void> {
    const { collection } = this.options;
    // Through the raw API: QdrantClient.createCollection (1.18) drops `metadata`, and the embedder
    // identity must be stored from the start so a reopen can refuse another embedder.
    await this.call('create the collection', () =>
      this.client.api().createCollection({
        collection_name: collection,
        vectors: { [DENSE]: { size: this.identity.dimension, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE]: { modifier: 'idf' } },
        shard_number: this.options.shardNumber,
        replication_factor: this.options.replicationFactor,
        metadata: { docent: this.metadata() } as unknown as Record<string, unknown>,
      }),
    );
    for (const field of KEYWORD_FIELDS) {
      await this.call(`index ${field}`, () => this.client.createPayloadIndex(collection, { field_name: field, field_schema: 'keyword', wait: true }));
    }
    // Path filters are prefixes ("handbook/"), served by a keyword index with the prefix option.
    await this.call('index path', () =>
      this.client.createPayloadIndex(collection, { field_name: 'path', field_schema: { type: 'keyword', prefix: true } as never, wait: true }),
    );
  }

  /** Keeps the collection's average chunk length current as documents arrive (BM25 length norm). */
  private async trackLengths(lengths: number[]): Promise<void> {
    for (const length of lengths) {
      this.lengthSum += length;
      this.lengthCount += 1;
    }
    if (this.lengthCount === 0) return;
    const observed = this.lengthSum / this.lengthCount;
    if (this.lastPersistedCount === 0 || this.lengthCount >= this.lastPersistedCount * 2) {
      this.bm25.averageLength = observed;
      this.lastPersistedCount = this.lengthCount;
      await this.call('update the collection metadata', () =>
        this.client.updateCollection(this.options.collection, { metadata: { docent: this.metadata() } as unknown as Record<string, unknown> }),
      );
    }
  }

  /** A chunk's lexical fields, tokenized once for both the sparse vector and the stored terms. */
  private static fields(text: string, payload: Pick<ChunkPayload, 'title' | 'heading'>) {
    return { title: payload.title ? tokenize(payload.title) : [], heading: payload.heading ? tokenize(payload.heading) : [], body: tokenize(text) };
  }

  /** Distinct lexical terms of a chunk's fields, stored for document-frequency counts. */
  private static terms(fields: ReturnType<typeof QdrantIndex.fields>): string[] {
    return [...new Set([...fields.title, ...fields.heading, ...fields.body])];
  }

  private toQdrantPoint(point: IndexPoint, fields: ReturnType<typeof QdrantIndex.fields>, sparse: ReturnType<typeof documentSparseVector>) {
    const payload: Payload = { ...point.payload, text: point.text, terms: QdrantIndex.terms(fields) };
    return { id: point.id, vector: { [DENSE]: Array.from(point.vector), [SPARSE]: sparse }, payload: payload as unknown as Record<string, unknown> };
  }

  private filter(filter: QueryFilter | undefined): Filter | undefined {
    const must: unknown[] = [];
    // `any` lists are sets in Qdrant's schema (uniqueItems); an empty list must match nothing.
    const any = (key: string, values: string[]) => must.push({ key, match: { any: values.length ? [...new Set(values)] : ['\u0000'] } });
    if (filter?.docIds) any('doc_id', filter.docIds);
    if (filter?.roots) any('root', filter.roots);
    if (filter?.fileTypes) any('file_type', filter.fileTypes);
    if (filter?.sourceTypes) any('source_type', filter.sourceTypes);
    if (filter?.tags?.length) any('tags', filter.tags);
    if (filter?.pathPrefix) must.push({ key: 'path', match: { prefix: filter.pathPrefix } });
    return must.length ? { must } : undefined;
  }

  private toStored(record: { id: string | number; payload?: Record<string, unknown> | null }): StoredPoint {
    const { text, terms: _terms, ...payload } = (record.payload ?? {}) as unknown as Payload;
    return { id: String(record.id), text, payload: payload as ChunkPayload };
  }

  async listDocumentPoints(docId: string): Promise<StoredPoint[]> {
    await this.ensureReady();
    const out: StoredPoint[] = [];
    let offset: string | number | undefined;
    do {
      const page = await this.call('list a document', () =>
        this.client.scroll(this.options.collection, {
          filter: { must: [{ key: 'doc_id', match: { value: docId } }] },
          with_payload: true,
          with_vector: false,
          limit: 256,
          ...(offset !== undefined ? { offset } : {}),
        }),
      );
      out.push(...page.points.map((point) => this.toStored(point)));
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined);
    return out;
  }

  async fetchVectors(ids: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    if (ids.length === 0) return out;
    await this.ensureReady();
    const records = await this.call('fetch vectors', () => this.client.retrieve(this.options.collection, { ids, with_payload: false, with_vector: [DENSE] }));
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
    await this.ensureReady();
    const lengths: number[] = [];
    const points = write.upsert.map((point) => {
      const fields = QdrantIndex.fields(point.text, point.payload);
      const { counts, length } = weightedCounts(fields, { title: this.options.titleWeight, heading: this.options.headingWeight });
      lengths.push(length);
      return this.toQdrantPoint(point, fields, documentSparseVector(counts, length, this.bm25));
    });
    const existing = new Map((await this.listDocumentPoints(write.docId)).map((point) => [point.id, point]));
    const stale = [...new Set(write.delete)].filter((id) => existing.has(id));
    // Payload updates only apply to chunks that exist (Qdrant answers 404 for unknown ids); the
    // stored text travels along because the payload is overwritten as a whole.
    const updates = write.updatePayload.filter((item) => existing.has(item.id));
    // Operations run in order, as on the embedded backend: deletes, then upserts, then payloads.
    const operations: unknown[] = [];
    if (stale.length) {
      // By filter, scoped to the document: an id listed by mistake cannot delete another document's chunk.
      operations.push({ delete: { filter: { must: [{ key: 'doc_id', match: { value: write.docId } }, { has_id: stale }] } } });
    }
    for (let index = 0; index < points.length; index += UPSERT_BATCH) operations.push({ upsert: { points: points.slice(index, index + UPSERT_BATCH) } });
    for (const item of updates) {
      const text = existing.get(item.id)!.text;
      operations.push({ overwrite_payload: { points: [item.id], payload: { ...item.payload, text, terms: QdrantIndex.terms(QdrantIndex.fields(text, item.payload)) } } });
    }
    if (operations.length) {
      await this.call('write a document', () => this.client.batchUpdate(this.options.collection, { operations: operations as never, wait: true }));
    }
    commit?.();
    await this.trackLengths(lengths).catch(() => undefined);
    return { upserted: points.length, updated: updates.length, deleted: stale.length };
  }

  async deleteDocument(docId: string, commit?: () => void): Promise<number> {
    await this.ensureReady();
    const before = await this.count({ docIds: [docId] });
    await this.call('delete a document', () =>
      this.client.delete(this.options.collection, { filter: { must: [{ key: 'doc_id', match: { value: docId } }] }, wait: true }),
    );
    commit?.();
    return before;
  }

  async query(query: HybridQuery): Promise<ScoredPoint[]> {
    await this.ensureReady();
    const filter = this.filter(query.filter);
    const sparse = querySparseVector(query.terms);
    const dense = query.vector ? Array.from(query.vector) : null;
    const collection = this.options.collection;
    const common = { limit: query.limit, with_payload: CITATION_FIELDS, ...(filter ? { filter } : {}) };
    let ranked: { id: string | number; score: number; payload?: Record<string, unknown> | null }[];
    if (query.mode === 'dense' || (query.mode === 'hybrid' && sparse.indices.length === 0)) {
      if (!dense) return [];
      ranked = (await this.call('search', () => this.client.query(collection, { query: dense, using: DENSE, ...common }))).points;
    } else if (query.mode === 'lexical' || !dense) {
      if (sparse.indices.length === 0) return [];
      ranked = (await this.call('search', () => this.client.query(collection, { query: sparse, using: SPARSE, ...common }))).points;
    } else {
      const prefetch = [
        { query: dense, using: DENSE, limit: query.candidates, ...(filter ? { filter } : {}) },
        { query: sparse, using: SPARSE, limit: query.candidates, ...(filter ? { filter } : {}) },
      ];
      ranked = (
        await this.call('search', () => this.client.query(collection, { prefetch, query: { fusion: query.fusion === 'rrf' ? 'rrf' : 'dbsf' }, ...common }))
      ).points;
    }
    if (ranked.length === 0) return [];
    // Raw per-signal scores of the results (the answer workflow's confidence uses them).
    const ids = ranked.map((point) => point.id);
    const signals = await this.call('score the results', () =>
      this.client.queryBatch(collection, {
        searches: [
          ...(dense ? [{ query: dense, using: DENSE, filter: { must: [{ has_id: ids }] }, limit: ids.length, with_payload: false }] : []),
          ...(sparse.indices.length ? [{ query: sparse, using: SPARSE, filter: { must: [{ has_id: ids }] }, limit: ids.length, with_payload: false }] : []),
        ],
      }),
    );
    const denseScores = new Map(dense ? signals[0]!.points.map((point) => [String(point.id), point.score]) : []);
    const lexicalScores = new Map(sparse.indices.length ? signals[dense ? 1 : 0]!.points.map((point) => [String(point.id), point.score]) : []);
    return ranked.map((point) => ({
      ...this.toStored(point),
      score: point.score,
      dense: denseScores.get(String(point.id)) ?? null,
      lexical: lexicalScores.get(String(point.id)) ?? null,
    }));
  }

  async count(filter?: QueryFilter): Promise<number> {
    await this.ensureReady();
    const qdrantFilter = this.filter(filter);
    const result = await this.call('count', () =>
      this.client.count(this.options.collection, { exact: true, ...(qdrantFilter ? { filter: qdrantFilter } : {}) }),
    );
    return result.count;
  }

  async termStatistics(terms: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }> {
    const unique = [...new Set(terms)];
    const [chunks, ...counts] = await Promise.all([
      this.count(),
      ...unique.map((term) =>
        this.ensureReady().then(() =>
          this.call('count a term', () => this.client.count(this.options.collection, { exact: true, filter: { must: [{ key: 'terms', match: { value: term } }] } })),
        ),
      ),
    ]);
    return { chunks, frequencies: new Map(unique.map((term, position) => [term, counts[position]!.count])) };
  }

  /** Reachability for health checks, without creating anything. */
  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const info = await this.call('report its version', () => this.client.versionInfo());
      return { ok: true, detail: `Qdrant ${info.version} at ${this.options.url}` };
    } catch (error) {
      return { ok: false, detail: describeError(error) };
    }
  }

  async dropCollection(): Promise<void> {
    const exists = await this.call('check the collection', () => this.client.collectionExists(this.options.collection));
    if (exists.exists) await this.call('delete the collection', () => this.client.deleteCollection(this.options.collection));
  }

  /**
   * Points `alias` at this collection in one atomic alias operation. Qdrant rejects deleting an
   * alias that does not exist, so the current target is looked up first.
   */
  async claimAlias(alias: string): Promise<void> {
    await this.ensureReady();
    const { aliases } = await this.call('list the aliases', () => this.client.getAliases());
    const current = aliases.find((item) => item.alias_name === alias)?.collection_name;
    if (current === this.options.collection) return;
    const create = { create_alias: { alias_name: alias, collection_name: this.options.collection } };
    await this.call('switch the alias', () =>
      this.client.updateCollectionAliases({ actions: current === undefined ? [create] : [{ delete_alias: { alias_name: alias } }, create] }),
    );
  }

  async createSnapshot(): Promise<{ name: string; size: number } | null> {
    await this.ensureReady();
    const snapshot = await this.call('create a snapshot', () => this.client.createSnapshot(this.options.collection, { wait: true }));
    return snapshot ? { name: snapshot.name, size: snapshot.size } : null;
  }
}

import { QdrantClient } from '@qdrant/js-client-rest';
import { type EmbedderIdentity, identityKey } from '../embedder/types';
import { DocentError, EmbedderMismatchError } from '../errors';
import type { Bm25Parameters } from '../text/bm25-sparse';
import { qdrantCall } from './qdrant-call';
import { DENSE, KEYWORD_FIELDS, SPARSE, foldersOf } from './qdrant-requests';

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
  /** The alias that names the serving collection (`DOCENT_QDRANT_ALIAS`); claimed by `claimServing`. */
  alias?: string;
}

/**
 * Collection metadata (where Docent keeps the embedder identity and BM25 parameters) is new in
 * Qdrant 1.16; path filters use keyword matches on `path` and `folders`, which older servers have.
 */
const MINIMUM_VERSION: [number, number] = [1, 16];

const TOKENIZER = 'docent-tokenize-v1 (lowercase, Latin folding, stop words, Porter, CJK bigrams)';

/** Qdrant-side metadata of a Docent collection (`metadata.docent`). */
interface CollectionMetadata {
  embedder: string;
  tokenizer: string;
  bm25: { k1: number; b: number; average_length: number; title_weight: number; heading_weight: number };
}

/**
 * One generation's collection: the server version check, its layout (a named dense vector, a
 * named BM25 sparse vector with Qdrant's IDF modifier, payload indexes for filters), the embedder
 * identity and BM25 parameters in its metadata, and the alias that makes it the serving one.
 */
export class QdrantCollection {
  readonly client: QdrantClient;
  readonly name: string;
  readonly bm25: Bm25Parameters;
  private ready: Promise<void> | null = null;
  private lengthSum = 0;
  private lengthCount = 0;
  private lastPersistedCount = 0;

  constructor(readonly options: QdrantIndexOptions) {
    this.name = options.collection;
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false, timeout: options.timeoutMs });
    this.bm25 = { k1: options.k1, b: options.b, averageLength: 120 };
  }

  /** Runs one Qdrant call with typed errors; an unreachable server makes the next call check the collection again. */
  call<T>(what: string, run: () => Promise<T>): Promise<T> {
    return qdrantCall(this.options.url, what, run, () => {
      this.ready = null;
    });
  }

  /** Checks the server version and creates or verifies the collection, once per connection. */
  ensureReady(): Promise<void> {
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
    const exists = await this.call('check the collection', () => this.client.collectionExists(this.name));
    if (!exists.exists) {
      await this.create();
      return;
    }
    const description = await this.call('read the collection', () => this.client.getCollection(this.name));
    const metadata = (description.config as { metadata?: { docent?: CollectionMetadata } }).metadata?.docent;
    if (!metadata)
      throw new DocentError(
        'qdrant_foreign_collection',
        `Qdrant collection ${this.name} was not created by Docent (no docent metadata); refusing to write into it.`,
      );
    const identity = identityKey(this.options.identity);
    if (metadata.embedder !== identity) throw new EmbedderMismatchError(metadata.embedder, identity);
    this.bm25.averageLength = metadata.bm25.average_length;
    await this.addFolders(description.payload_schema);
  }

  private metadata(): CollectionMetadata {
    return {
      embedder: identityKey(this.options.identity),
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
    // Through the raw API: QdrantClient.createCollection (1.18) drops `metadata`, and the embedder
    // identity must be stored from the start so a reopen can refuse another embedder.
    await this.call('create the collection', () =>
      this.client.api().createCollection({
        collection_name: this.name,
        vectors: { [DENSE]: { size: this.options.identity.dimension, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE]: { modifier: 'idf' } },
        shard_number: this.options.shardNumber,
        replication_factor: this.options.replicationFactor,
        metadata: { docent: this.metadata() },
      }),
    );
    for (const field of KEYWORD_FIELDS) {
      await this.call(`index ${field}`, () => this.client.createPayloadIndex(this.name, { field_name: field, field_schema: 'keyword', wait: true }));
    }
  }

  /**
   * Collections written before path filters used `folders` have none: index the field and give
   * every point its folders, so a folder filter never silently matches nothing after an upgrade.
   */
  private async addFolders(schema: Record<string, unknown> | undefined): Promise<void> {
    if (schema && 'folders' in schema) return;
    await this.call('index folders', () => this.client.createPayloadIndex(this.name, { field_name: 'folders', field_schema: 'keyword', wait: true }));
    let offset: string | number | undefined;
    do {
      const page = await this.call('read paths', () => this.client.scroll(this.name, { limit: 512, offset, with_payload: ['path'], with_vector: false }));
      const byPath = new Map<string, (string | number)[]>();
      for (const point of page.points) {
        const path = typeof point.payload?.path === 'string' ? point.payload.path : '';
        byPath.set(path, [...(byPath.get(path) ?? []), point.id]);
      }
      const operations = [...byPath].map(([path, points]) => ({ set_payload: { payload: { folders: foldersOf(path) }, points } }));
      if (operations.length) await this.call('add folders', () => this.client.batchUpdate(this.name, { operations, wait: true }));
      offset = (page.next_page_offset ?? undefined) as string | number | undefined;
    } while (offset !== undefined);
  }

  /** Keeps the collection's average chunk length current as documents arrive (BM25 length norm). */
  async trackLengths(lengths: number[]): Promise<void> {
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
        this.client.updateCollection(this.name, { metadata: { docent: this.metadata() } as unknown as Record<string, unknown> }),
      );
    }
  }

  /** Deletes the collection if it exists, without creating anything first. */
  async drop(): Promise<void> {
    const exists = await this.call('check the collection', () => this.client.collectionExists(this.name));
    if (exists.exists) await this.call('delete the collection', () => this.client.deleteCollection(this.name));
  }

  /**
   * Points `alias` at this collection in one atomic alias operation. Qdrant rejects deleting an
   * alias that does not exist, so the current target is looked up first.
   */
  async claimAlias(alias: string): Promise<void> {
    await this.ensureReady();
    const { aliases } = await this.call('list the aliases', () => this.client.getAliases());
    const current = aliases.find((item) => item.alias_name === alias)?.collection_name;
    if (current === this.name) return;
    const create = { create_alias: { alias_name: alias, collection_name: this.name } };
    await this.call('switch the alias', () =>
      this.client.updateCollectionAliases({ actions: current === undefined ? [create] : [{ delete_alias: { alias_name: alias } }, create] }),
    );
  }
}

import type { QdrantClient } from '@qdrant/js-client-rest';
import { createQdrantClient } from './qdrant-client';
import { type EmbedderIdentity, identityKey } from '../embedder/types';
import { DocentError, EmbedderMismatchError } from '../errors';
import type { Bm25Parameters } from '../text/bm25-sparse';
import { qdrantCall } from './qdrant-call';
import { type CollectionMetadata, METADATA_POINT_ID, legacyMetadata, metadataPoint, parseMetadata, withoutMetadata } from './qdrant-metadata';
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
 * The oldest Qdrant Docent talks to. What it relies on is older (the query API with batches and
 * sparse vectors with the IDF modifier came in 1.10; keyword matches, aliases and snapshots before),
 * and every request it sends is in 1.12's API schema; 1.12 is the floor it is checked against.
 * Nothing needs 1.16's collection metadata (qdrant-metadata.ts) or 1.19's prefix matches.
 */
const MINIMUM_VERSION: [number, number] = [1, 12];

const TOKENIZER = 'docent-tokenize-v2 (per chunk language: Snowball stemmers and stop words, Porter for English; accent folding; CJK and Thai bigrams)';

type Description = Awaited<ReturnType<QdrantClient['getCollection']>>;

/**
 * One generation's collection: the server version check, its layout (a named dense vector, a
 * named BM25 sparse vector with Qdrant's IDF modifier, payload indexes for filters), the embedder
 * identity and BM25 parameters in its metadata record, and the alias that makes it the serving one.
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
    this.client = createQdrantClient({ url: options.url, apiKey: options.apiKey, timeoutMs: options.timeoutMs });
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
    const metadata = await this.readMetadata(description);
    const identity = identityKey(this.options.identity);
    if (metadata.embedder !== identity) throw new EmbedderMismatchError(metadata.embedder, identity);
    this.bm25.averageLength = metadata.bm25.average_length;
    // The running mean goes on from what the collection holds, so one session's first document
    // cannot replace the whole collection's average (records before `length_count`: the points).
    this.lengthCount = metadata.bm25.length_count ?? description.points_count ?? 0;
    this.lengthSum = this.bm25.averageLength * this.lengthCount;
    this.lastPersistedCount = this.lengthCount;
    await this.ensurePayloadIndexes(description.payload_schema);
  }

  /**
   * The collection's metadata record. A collection Docent created on Qdrant 1.16+ before the record
   * existed has its metadata in the collection's config: it is copied into a record once. An empty
   * collection of Docent's layout without either was interrupted between its creation and its
   * record (two requests, unlike the one of 1.16's metadata): it gets its record now.
   */
  private async readMetadata(description: Description): Promise<CollectionMetadata> {
    const [record] = await this.call('read the Docent metadata', () =>
      this.client.retrieve(this.name, { ids: [METADATA_POINT_ID], with_payload: true, with_vector: false }),
    );
    const stored = parseMetadata(record?.payload?.docent);
    if (stored) return stored;
    const recovered = legacyMetadata(description) ?? (this.isUnfinishedCreation(description) ? this.metadata() : null);
    if (!recovered)
      throw new DocentError(
        'qdrant_foreign_collection',
        `Qdrant collection ${this.name} was not created by Docent (no docent metadata); refusing to write into it.`,
      );
    await this.writeMetadata(recovered);
    return recovered;
  }

  private isUnfinishedCreation(description: Description): boolean {
    const params = description.config.params as { vectors?: Record<string, { size?: number }>; sparse_vectors?: Record<string, unknown> | null };
    return (
      (description.points_count ?? 0) === 0 && params.vectors?.[DENSE]?.size === this.options.identity.dimension && Boolean(params.sparse_vectors?.[SPARSE])
    );
  }

  private writeMetadata(metadata: CollectionMetadata): Promise<unknown> {
    return this.call('write the Docent metadata', () => this.client.upsert(this.name, { wait: true, points: [metadataPoint(metadata)] }));
  }

  private metadata(): CollectionMetadata {
    return {
      embedder: identityKey(this.options.identity),
      tokenizer: TOKENIZER,
      bm25: {
        k1: this.bm25.k1,
        b: this.bm25.b,
        average_length: Math.round(this.bm25.averageLength * 100) / 100,
        length_count: this.lastPersistedCount,
        title_weight: this.options.titleWeight,
        heading_weight: this.options.headingWeight,
      },
    };
  }

  private async create(): Promise<void> {
    await this.call('create the collection', () =>
      this.client.createCollection(this.name, {
        vectors: { [DENSE]: { size: this.options.identity.dimension, distance: 'Cosine' } },
        sparse_vectors: { [SPARSE]: { modifier: 'idf' } },
        shard_number: this.options.shardNumber,
        replication_factor: this.options.replicationFactor,
      }),
    );
    // Written before anything else, so a reopen can refuse another embedder from the start.
    await this.writeMetadata(this.metadata());
    await this.ensurePayloadIndexes(undefined);
  }

  /**
   * Indexes every keyword field the collection lacks. Collections written before path filters used
   * `folders` have none: every point gets its folders too, so a folder filter never silently
   * matches nothing after an upgrade.
   */
  private async ensurePayloadIndexes(schema: Record<string, unknown> | undefined): Promise<void> {
    for (const field of KEYWORD_FIELDS.filter((name) => !schema || !(name in schema))) {
      await this.call(`index ${field}`, () => this.client.createPayloadIndex(this.name, { field_name: field, field_schema: 'keyword', wait: true }));
    }
    if (!schema || 'folders' in schema) return;
    let offset: string | number | undefined;
    do {
      const page = await this.call('read paths', () =>
        this.client.scroll(this.name, { filter: withoutMetadata(), limit: 512, offset, with_payload: ['path'], with_vector: false }),
      );
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
      await this.writeMetadata(this.metadata());
    }
  }

  /** Deletes the collection if it exists, without creating anything first. */
  async drop(): Promise<void> {
    const exists = await this.call('check the collection', () => this.client.collectionExists(this.name));
    if (exists.exists) await this.call('delete the collection', () => this.client.deleteCollection(this.name));
  }

  /**
   * Points `alias` at this collection in one alias request: Qdrant applies its actions under one
   * lock, so searches never see the alias missing. The current target is looked up first to skip
   * a switch to where it already points and to send a delete only for an alias that exists.
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

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { type EmbedderIdentity, identityKey } from '../../../lib/embedder/types';
import { QdrantIndex, type QdrantIndexOptions } from '../../../lib/vector-index/qdrant-index';
import { QdrantDouble } from '../../helpers/qdrant-double';
import { tempDir } from '../../helpers/temp';
import { CORPUS, IDENTITY, type IndexHarness, describeVectorIndexBehaviour, query } from './behaviour';

const DOUBLE_BACKEND = 'qdrant via HTTP double';

let sequence = 0;
/** Collection and alias names unique per test and per run, so runs never see each other's data. */
function uniqueName(prefix: string): string {
  sequence += 1;
  return `docent_test_${prefix}_${process.pid}_${Date.now().toString(36)}_${sequence}`;
}

function indexOptions(url: string, collection: string, identity: EmbedderIdentity, apiKey?: string): QdrantIndexOptions {
  return { url, apiKey, collection, identity, titleWeight: 2, headingWeight: 1, k1: 1.2, b: 0.75, shardNumber: 1, replicationFactor: 1, timeoutMs: 5000 };
}

function qdrantHarness(url: string, apiKey: string | undefined, identity: EmbedderIdentity): IndexHarness {
  const collection = uniqueName('behaviour');
  const index = new QdrantIndex(indexOptions(url, collection, identity, apiKey));
  return {
    index,
    // QdrantIndex connects lazily; counting makes the reopened index check the stored identity now.
    reopenAs: async (other) => {
      const reopened = new QdrantIndex(indexOptions(url, collection, other, apiKey));
      await reopened.count();
      return reopened;
    },
    close: () => index.drop(),
  };
}

interface Backend {
  title: string;
  url: () => string;
  apiKey?: string;
  /** Present when requests are recorded (and, in the contract suite, checked). */
  double?: QdrantDouble;
}

/** Called after each test with what reached the double; the contract suite checks it against Qdrant's schema. */
/** Starts the double for the enclosing describe, clears its record before each test and checks it after. */
function runDouble(double: QdrantDouble, afterEachTest: () => void): void {
  beforeAll(async () => {
    await double.start();
  });
  afterAll(async () => {
    await double.stop();
  });
  beforeEach(() => {
    double.requests.length = 0;
  });
  afterEach(afterEachTest);
}

export type RequestCheck = (double: QdrantDouble, options: { requireRequests: boolean }) => void;

export interface QdrantSuiteOptions {
  /** Runs after every test on a double; absent in `npm test`, Qdrant's OpenAPI check in `test:full`. */
  checkRequests?: RequestCheck;
  /** Also run the behaviour suite against the server in QDRANT_URL (once per run, in the unit suite). */
  includeConfiguredServer?: boolean;
}

/**
 * The QdrantIndex suites: the shared behaviour suite against the double (and against a real server
 * when QDRANT_URL names one), the adapter's own cases, and the double's scoring semantics.
 */
export function describeQdrantSuites(options: QdrantSuiteOptions = {}): void {
  const check: RequestCheck = options.checkRequests ?? (() => undefined);
  // The real server joins the list only when one is configured (QDRANT_URL): no skipped placeholder.
  const config = loadConfig();
  const recordingDouble = new QdrantDouble();
  const backends: Backend[] = [
    { title: DOUBLE_BACKEND, url: () => recordingDouble.url, double: recordingDouble },
    ...(options.includeConfiguredServer && config.qdrant
      ? [{ title: `qdrant at ${config.qdrant.url}`, url: () => config.qdrant!.url, apiKey: config.qdrant.apiKey }]
      : []),
  ];

  for (const backend of backends) {
    describe(backend.title, () => {
      const double = backend.double;
      // Checked after the behaviour suite's own afterEach (harness.close), so the cleanup is checked too.
      if (double) runDouble(double, () => check(double, { requireRequests: true }));

      describeVectorIndexBehaviour(backend.title, async (identity) => qdrantHarness(backend.url(), backend.apiKey, identity));
    });
  }

  describe('QdrantIndex against the HTTP double', () => {
    const double = new QdrantDouble();
    const opened: QdrantIndex[] = [];

    function open(collection = uniqueName('adapter'), identity: EmbedderIdentity = IDENTITY): QdrantIndex {
      const index = new QdrantIndex(indexOptions(double.url, collection, identity));
      opened.push(index);
      return index;
    }

    async function writeCorpus(index: QdrantIndex): Promise<void> {
      for (const docId of new Set(CORPUS.map((item) => item.payload.doc_id))) {
        await index.writeDocument({ docId, upsert: CORPUS.filter((item) => item.payload.doc_id === docId), updatePayload: [], delete: [] });
      }
    }

    // After-each hooks run last-registered first: the collections are dropped, then the record checked.
    runDouble(double, () => check(double, { requireRequests: true }));
    beforeEach(() => {
      double.version = '1.19.0';
    });
    afterEach(async () => {
      for (const index of opened.splice(0)) await index.drop().catch(() => undefined);
    });

    it('reports an unreachable server as index_unavailable (no stack trace) and recovers after a restart', async () => {
      const index = open();
      await writeCorpus(index);
      await double.stop();

      const error = (await index.count().catch((caught: unknown) => caught)) as Error & { code?: string; transient?: boolean };
      expect(error).toMatchObject({ code: 'index_unavailable', transient: true });
      expect(error.message.startsWith(`Qdrant at ${double.url} is not reachable: `), error.message).toBe(true);
      expect(error.message).not.toMatch(/\n\s+at /);
      await expect(index.query(query('paid vacation days'))).rejects.toMatchObject({ code: 'index_unavailable' });

      await double.restart();
      expect(await index.count()).toBe(CORPUS.length);
      const hits = await index.query(query('paid vacation days per year'));
      expect(hits[0]?.payload.doc_id).toBe('vacation');
    });

    it('starts degraded when the server is down at first use, then connects once it is back', async () => {
      await double.stop();
      const index = open();
      await expect(index.count()).rejects.toMatchObject({ code: 'index_unavailable', message: expect.stringContaining('is not reachable') });
      await double.restart();
      expect(await index.count()).toBe(0);
    });

    it('maps 5xx, 429 and 408 to index_unavailable and other 4xx to qdrant_request_failed', async () => {
      const index = open();
      await writeCorpus(index);
      for (const status of [500, 503, 429, 408]) {
        double.failNext(status);
        await expect(index.count(), `HTTP ${status}`).rejects.toMatchObject({
          code: 'index_unavailable',
          transient: true,
          message: expect.stringContaining(`HTTP ${status}`),
        });
      }
      double.failNext(400);
      await expect(index.count()).rejects.toMatchObject({ code: 'qdrant_request_failed', transient: false });
      // A transient failure does not poison the index: the next call goes through.
      expect(await index.count()).toBe(CORPUS.length);
    });

    it('refuses servers older than the features it relies on (qdrant_incompatible) without creating anything', async () => {
      for (const version of ['1.12.6', '1.15.3', '2.0.0']) {
        double.version = version;
        const collection = uniqueName('old');
        await expect(open(collection).count(), version).rejects.toMatchObject({ code: 'qdrant_incompatible', message: expect.stringContaining(version) });
        expect(double.collectionNames()).not.toContain(collection);
      }
    });

    it('serves servers from 1.16 on, and gives a collection written without folders its folders when it opens it', async () => {
      for (const version of ['1.16.0', '1.18.3']) {
        double.version = version;
        const collection = uniqueName('older');
        const index = open(collection);
        await writeCorpus(index);
        const inMisc = CORPUS.filter((item) => item.payload.path.startsWith('misc/')).length;
        expect(inMisc).toBeGreaterThan(0);
        expect(await index.count({ pathPrefix: 'misc/' }), version).toBe(inMisc);
        double.dropField(collection, 'folders');
        const reopened = open(collection);
        expect(await reopened.count({ pathPrefix: 'misc/' }), version).toBe(inMisc);
        expect(await reopened.count({ pathPrefix: 'misc' }), version).toBe(inMisc);
        expect(double.collectionInfo(collection).payload_schema).toHaveProperty('folders');
      }
      double.version = '1.19.0';
    });

    it('creates the collection layout with the embedder identity in its metadata, and refuses another embedder', async () => {
      const collection = uniqueName('layout');
      expect(await open(collection).count()).toBe(0);

      const info = double.collectionInfo(collection) as {
        config: { params: Record<string, unknown>; metadata?: { docent?: Record<string, unknown> } };
        payload_schema: Record<string, { data_type: string; params?: Record<string, unknown> }>;
      };
      expect(info.config.params).toMatchObject({
        vectors: { dense: { size: IDENTITY.dimension, distance: 'Cosine' } },
        sparse_vectors: { bm25: { modifier: 'idf' } },
        shard_number: 1,
        replication_factor: 1,
      });
      // Path filters match `path` and `folders` exactly: no prefix index, which only Qdrant 1.19 has.
      for (const field of ['doc_id', 'root', 'file_type', 'tags', 'source_type', 'path', 'folders']) {
        expect(info.payload_schema[field], field).toMatchObject({ data_type: 'keyword' });
        expect(info.payload_schema[field]?.params, field).toBeUndefined();
      }
      // Written at creation, before any document: a reopen must be able to check it right away.
      expect(info.config.metadata?.docent).toMatchObject({
        embedder: identityKey(IDENTITY),
        bm25: { k1: 1.2, b: 0.75, title_weight: 2, heading_weight: 1 },
      });

      await expect(open(collection, { ...IDENTITY, model: 'another-model' }).count()).rejects.toMatchObject({ code: 'embedder_mismatch' });
      await expect(open(collection, { ...IDENTITY, dimension: 128 }).count()).rejects.toMatchObject({ code: 'embedder_mismatch' });
      expect(await open(collection).count()).toBe(0);
    });

    it('claims an alias that does not exist yet, then switches it in one atomic aliases request', async () => {
      const firstName = uniqueName('generation_a');
      const secondName = uniqueName('generation_b');
      const alias = uniqueName('serving');
      const first = open(firstName);
      const second = open(secondName);
      await first.count();
      await second.count();

      double.requests.length = 0;
      await first.claimAlias(alias);
      expect(double.aliasTarget(alias)).toBe(firstName);
      const created = double.requests.filter((request) => request.path === '/collections/aliases');
      expect(created).toHaveLength(1);
      expect(created[0]!.body).toEqual({ actions: [{ create_alias: { alias_name: alias, collection_name: firstName } }] });

      const afterFirst = double.requests.length;
      await second.claimAlias(alias);
      expect(double.aliasTarget(alias)).toBe(secondName);
      const switched = double.requests.slice(afterFirst).filter((request) => request.path === '/collections/aliases');
      expect(switched).toHaveLength(1);
      expect(switched[0]!.body).toEqual({
        actions: [{ delete_alias: { alias_name: alias } }, { create_alias: { alias_name: alias, collection_name: secondName } }],
      });
      expect(double.collectionNames()).toEqual(expect.arrayContaining([firstName, secondName]));
    });

    it('creates a snapshot of the collection', async () => {
      const collection = uniqueName('snapshot');
      const index = open(collection);
      await writeCorpus(index);
      const snapshot = await index.createSnapshot();
      expect(snapshot).toMatchObject({ name: expect.stringMatching(new RegExp(`^${collection}-.*\\.snapshot$`)), size: expect.any(Number) });
      expect(snapshot!.size).toBeGreaterThan(0);
      const request = double.requests.find((item) => item.method === 'POST' && item.path === `/collections/${collection}/snapshots`);
      expect(request?.query).toEqual({ wait: 'true' });
    });

    it('claims the configured alias when its generation starts serving, and backs up by downloading a snapshot', async () => {
      const collection = uniqueName('lifecycle');
      const alias = uniqueName('serving');
      const index = new QdrantIndex({ ...indexOptions(double.url, collection, IDENTITY), alias });
      opened.push(index);
      await writeCorpus(index);
      await index.claimServing();
      expect(double.aliasTarget(alias)).toBe(collection);

      const folder = tempDir();
      const copy = await index.backupInto(folder);
      expect(copy).toEqual({ file: path.join('qdrant', `${collection}.snapshot`), size: expect.any(Number) });
      expect(fs.statSync(path.join(folder, copy.file)).size).toBe(copy.size);
      const created = double.requests.find((item) => item.method === 'POST' && item.path === `/collections/${collection}/snapshots`);
      const snapshot = (created?.response?.body as { result: { name: string; size: number } }).result;
      expect(copy.size).toBe(snapshot.size);
      expect(
        double.requests.some((item) => item.method === 'GET' && item.path === `/collections/${collection}/snapshots/${encodeURIComponent(snapshot.name)}`),
      ).toBe(true);
    });
  });

  describe('the Qdrant double', () => {
    const double = new QdrantDouble();
    runDouble(double, () => check(double, { requireRequests: false }));

    const call = (method: string, path: string, body?: unknown) => double.call(method, path, body);

    it('scores sparse queries with the IDF modifier and fuses prefetches with DBSF and RRF like Qdrant', async () => {
      const name = uniqueName('semantics');
      await call('PUT', `/collections/${name}`, { vectors: { dense: { size: 2, distance: 'Cosine' } }, sparse_vectors: { bm25: { modifier: 'idf' } } });
      const ids = ['00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-00000000000c'];
      await call('POST', `/collections/${name}/points/batch?wait=true`, {
        operations: [
          {
            upsert: {
              points: [
                { id: ids[0], vector: { dense: [3, 4], bm25: { indices: [1, 2], values: [0.5, 1] } }, payload: {} },
                { id: ids[1], vector: { dense: [1, 0], bm25: { indices: [2], values: [2] } }, payload: {} },
                { id: ids[2], vector: { dense: [0, 1], bm25: { indices: [3], values: [1] } }, payload: {} },
              ],
            },
          },
        ],
      });
      const idf = (containing: number) => Math.log((3 - containing + 0.5) / (containing + 0.5) + 1);
      const sparse = (await call('POST', `/collections/${name}/points/query`, { query: { indices: [1, 2], values: [1, 1] }, using: 'bm25' })) as {
        points: { id: string; score: number }[];
      };
      // Point c shares no dimension with the query, so sparse search does not return it; the rarer
      // dimension 1 (idf ≈ 0.98 against ≈ 0.34) puts a ahead of b despite b's larger weight.
      expect(sparse.points.map((point) => point.id)).toEqual([ids[0], ids[1]]);
      expect(sparse.points[0]!.score).toBeCloseTo(0.5 * idf(1) + idf(2), 5);
      expect(sparse.points[1]!.score).toBeCloseTo(2 * idf(2), 5);

      const dense = (await call('POST', `/collections/${name}/points`, { ids: [ids[0]], with_vector: ['dense'] })) as { vector: { dense: number[] } }[];
      expect(dense[0]!.vector.dense[0]).toBeCloseTo(0.6, 6);

      const prefetch = [
        { query: [1, 0], using: 'dense', limit: 3 },
        { query: { indices: [1, 2], values: [1, 1] }, using: 'bm25', limit: 3 },
      ];
      const dbsf = (await call('POST', `/collections/${name}/points/query`, { prefetch, query: { fusion: 'dbsf' } })) as {
        points: { id: string; score: number }[];
      };
      const normalised = (scores: number[]) => {
        const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
        const deviation = Math.sqrt(scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / (scores.length - 1));
        return scores.map((score) => (score - (mean - 3 * deviation)) / (6 * deviation));
      };
      const [denseB, denseA, denseC] = normalised([1, 0.6, 0]);
      const [sparseB, sparseA] = normalised([2 * idf(2), 0.5 * idf(1) + idf(2)]);
      expect(Object.fromEntries(dbsf.points.map((point) => [point.id, point.score]))).toEqual({
        [ids[0]!]: expect.closeTo(denseA! + sparseA!, 5),
        [ids[1]!]: expect.closeTo(denseB! + sparseB!, 5),
        [ids[2]!]: expect.closeTo(denseC!, 5),
      });
      const rrf = (await call('POST', `/collections/${name}/points/query`, { prefetch, query: { fusion: 'rrf' } })) as {
        points: { id: string; score: number }[];
      };
      // Qdrant's default k is 2: the point at 0-based position p scores 1 / (p + 2) per prefetch.
      expect(Object.fromEntries(rrf.points.map((point) => [point.id, point.score]))).toEqual({
        [ids[0]!]: expect.closeTo(1 / 3 + 1 / 2, 6),
        [ids[1]!]: expect.closeTo(1 / 2 + 1 / 3, 6),
        [ids[2]!]: expect.closeTo(1 / 4, 6),
      });
      expect(rrf.points[2]!.id).toBe(ids[2]);
      await call('DELETE', `/collections/${name}`);
    });
  });
}

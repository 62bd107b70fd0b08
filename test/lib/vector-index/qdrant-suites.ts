import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import type { EmbedderIdentity } from '../../../lib/embedder/types';
import { QdrantIndex } from '../../../lib/vector-index/qdrant-index';
import { QdrantDouble } from '../../helpers/qdrant-double';
import { tempDir } from '../../helpers/temp';
import { CORPUS, IDENTITY, type IndexHarness, describeVectorIndexBehaviour, query } from './behaviour';
import { describeQdrantBackup } from './qdrant-backup';
import { type RequestCheck, doubleSuite, indexOptions, runDouble, uniqueName, writeCorpus } from './qdrant-harness';
import { describeQdrantSemantics } from './qdrant-semantics';
import { describeQdrantVersions } from './qdrant-versions';

export type { RequestCheck } from './qdrant-harness';

const DOUBLE_BACKEND = 'qdrant via HTTP double';

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

export interface QdrantSuiteOptions {
  /** Runs after every test on a double; absent in `npm test`, Qdrant's OpenAPI check in `test:full`. */
  checkRequests?: RequestCheck;
  /** Also run the behaviour suite and the double's semantics against the server in QDRANT_URL (once per run, in the unit suite). */
  includeConfiguredServer?: boolean;
}

/**
 * The QdrantIndex suites: the shared behaviour suite against the double (and against a real server
 * when QDRANT_URL names one), the adapter's own cases, the adapter across Qdrant versions
 * (qdrant-versions.ts), what the double must answer as a real server does (qdrant-semantics.ts),
 * and backup and restore through snapshots (qdrant-backup.ts).
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

    const open = doubleSuite(double, check, 'adapter');

    it('asks for every answer uncompressed (gzipped answers came in two writes and waited for a delayed ACK)', async () => {
      const index = open();
      await writeCorpus(index);
      await index.query(query('paid vacation days per year'));
      expect(double.requests.length).toBeGreaterThan(3);
      for (const request of double.requests) expect(request.acceptEncoding, `${request.method} ${request.path}`).toBe('identity');
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
      const index = open(collection, IDENTITY, { alias });
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

  const server = options.includeConfiguredServer && config.qdrant ? config.qdrant : undefined;
  describeQdrantVersions(check);
  describeQdrantSemantics(check, server);
  describeQdrantBackup(check, server);
}

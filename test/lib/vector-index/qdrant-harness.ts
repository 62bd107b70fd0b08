import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { EmbedderIdentity } from '../../../lib/embedder/types';
import { QdrantIndex, type QdrantIndexOptions } from '../../../lib/vector-index/qdrant-index';
import type { QdrantDouble } from '../../helpers/qdrant-double';
import { CORPUS, IDENTITY } from './behaviour';

// What the Qdrant suites share: unique names, index options, the double's lifecycle per describe.

let sequence = 0;
/** Collection and alias names unique per test and per run, so runs never see each other's data. */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `docent_test_${prefix}_${process.pid}_${Date.now().toString(36)}_${sequence}`;
}

export function indexOptions(url: string, collection: string, identity: EmbedderIdentity, apiKey?: string): QdrantIndexOptions {
  return { url, apiKey, collection, identity, titleWeight: 2, headingWeight: 1, k1: 1.2, b: 0.75, shardNumber: 1, replicationFactor: 1, timeoutMs: 5000 };
}

/** Called after each test with what reached the double; the contract suite checks it against Qdrant's schema. */
export type RequestCheck = (double: QdrantDouble, options: { requireRequests: boolean }) => void;

/** Starts the double for the enclosing describe, clears its record before each test and checks it after. */
export function runDouble(double: QdrantDouble, afterEachTest: () => void): void {
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

/**
 * A double at version 1.19.0 for the enclosing describe, its requests checked after each test, and
 * `open()` for adapters on it that are dropped after each test.
 */
export function doubleSuite(
  double: QdrantDouble,
  check: RequestCheck,
  prefix: string,
): (collection?: string, identity?: EmbedderIdentity, extra?: Partial<QdrantIndexOptions>) => QdrantIndex {
  const opened: QdrantIndex[] = [];
  // After-each hooks run last-registered first: the collections are dropped, then the record checked.
  runDouble(double, () => check(double, { requireRequests: true }));
  beforeEach(() => {
    double.version = '1.19.0';
  });
  afterEach(async () => {
    for (const index of opened.splice(0)) await index.drop().catch(() => undefined);
  });
  return (collection = uniqueName(prefix), identity = IDENTITY, extra = {}) => {
    const index = new QdrantIndex({ ...indexOptions(double.url, collection, identity), ...extra });
    opened.push(index);
    return index;
  };
}

export async function writeCorpus(index: QdrantIndex): Promise<void> {
  for (const docId of new Set(CORPUS.map((item) => item.payload.doc_id))) {
    await index.writeDocument({ docId, upsert: CORPUS.filter((item) => item.payload.doc_id === docId), updatePayload: [], delete: [] });
  }
}

/** One REST call as a plain client makes it: the status, Qdrant's `result` and its error text. */
export async function rest(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  apiKey?: string,
): Promise<{ status: number; result: unknown; error?: string }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(apiKey ? { 'api-key': apiKey } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { result?: unknown; status?: { error?: string } | string };
  return { status: response.status, result: json.result, error: typeof json.status === 'object' ? json.status.error : undefined };
}

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { planReindex, reindex } from '../../ingest/reindex';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { validateQdrantRequest, validateQdrantResponse } from './qdrant-contract';
import { QdrantDouble, type RecordedRequest } from '../helpers/qdrant-double';
import { testConfig } from '../helpers/temp';
import { describeQdrantSuites } from '../lib/vector-index/qdrant-suites';

// test:full only: every request the adapter sends to the double, and every answer of the double,
// is checked against Qdrant's published OpenAPI schema in ../shared/qdrant/openapi.json. Without
// ../shared the first check fails with a message naming what to download (never a silent skip).

/** Every request checked against Qdrant's OpenAPI schema, and every answer of the double too. */
function contractProblems(requests: RecordedRequest[]): string[] {
  return requests.flatMap((request, position) => {
    const label = `#${position} ${request.method} ${request.path}`;
    const sent = validateQdrantRequest(request).map((problem) => `${label} (sent by the adapter): ${problem}`);
    const answered = request.response
      ? validateQdrantResponse(request, request.response.status, request.response.body).map((problem) => `${label} (answered by the double): ${problem}`)
      : [];
    return [...sent, ...answered];
  });
}

/** Fails the current test when any recorded request breaks the contract; returns how many were checked. */
function assertContract(double: QdrantDouble, options: { requireRequests: boolean }): number {
  const checked = double.requests.length;
  if (options.requireRequests) expect(checked, 'the adapter sent no request to the double').toBeGreaterThan(0);
  const problems = contractProblems(double.requests);
  if (problems.length) throw new Error(`${problems.length} contract problem(s) against Qdrant 1.19's OpenAPI schema:\n  - ${problems.join('\n  - ')}`);
  return checked;
}

let validated = 0;
afterAll(() => {
  console.info(`[qdrant contract] ${validated} adapter requests validated against Qdrant 1.19's OpenAPI schema`);
});

describeQdrantSuites({
  checkRequests: (double, options) => {
    validated += assertContract(double, options);
  },
});

describe('the Qdrant contract check', () => {
  const double = new QdrantDouble();
  let harness: PipelineHarness | null = null;
  afterEach(async () => {
    await harness?.close();
    harness = null;
    await double.stop();
  });

  const call = (method: string, path: string, body?: unknown) => double.call(method, path, body);

  it('fails on malformed requests, and on a malformed request that reached the double', async () => {
    await double.start();
    const valid = {
      method: 'POST',
      path: '/collections/docs/points/query',
      query: {},
      body: {
        query: { indices: [7, 9], values: [1, 1] },
        using: 'bm25',
        limit: 5,
        filter: { must: [{ key: 'path', match: { prefix: 'misc/' } }] },
        with_payload: ['text'],
      },
    };
    expect(validateQdrantRequest(valid)).toEqual([]);

    const stringIndices = validateQdrantRequest({
      method: 'POST',
      path: '/collections/docs/points/batch',
      query: { wait: 'true' },
      body: {
        operations: [{ upsert: { points: [{ id: '00000000-0000-0000-0000-000000000001', vector: { dense: [0.1], bm25: { indices: ['7'], values: [1] } } }] } }],
      },
    });
    expect(stringIndices.join('\n')).toMatch(/bm25\/indices\/0 must be integer/);
    // Filter is the one request object the schema closes (additionalProperties: false).
    expect(validateQdrantRequest({ ...valid, body: { ...valid.body, filter: { must_nt: [] } } }).join('\n')).toMatch(
      /must NOT have additional properties \("must_nt"\)/,
    );
    expect(validateQdrantRequest({ ...valid, body: { ...valid.body, limit: 0 } }).join('\n')).toMatch(/limit must be >= 1/);
    expect(validateQdrantRequest({ ...valid, path: '/collections/docs/pointz/query' })).toEqual([expect.stringContaining('is not a path')]);
    expect(validateQdrantRequest({ ...valid, method: 'DELETE' })).toEqual([expect.stringContaining('DELETE is not an operation')]);
    expect(
      validateQdrantRequest({ method: 'POST', path: '/collections/docs/points/batch', query: { wait: 'yes', wiat: 'true' }, body: { operations: [] } }),
    ).toEqual([expect.stringContaining('query parameter "wait"="yes" must be boolean'), expect.stringContaining('unknown query parameter "wiat"')]);

    // The same check the suites run after each test catches a malformed request that reached the double.
    double.requests.length = 0;
    await call('POST', `/collections/docs/points/query`, { query: { indices: ['7'], values: [1] }, using: 'bm25' }).catch(() => undefined);
    expect(contractProblems(double.requests)).toEqual(
      expect.arrayContaining([expect.stringMatching(/sent by the adapter.*query\/indices\/0 must be integer/)]),
    );
    expect(() => assertContract(double, { requireRequests: true })).toThrow(/contract problem/);
    double.requests.length = 0;
  });

  it('accepts every request a reindex into Qdrant sends, and every request after the switch', async () => {
    await double.start();
    harness = await PipelineHarness.create({ config: testConfig() });
    harness.write('time-off.md', '# Time off\n\n## Vacation\n\nEvery employee receives 25 days of paid vacation per calendar year.\n');
    await harness.sync();
    const withQdrant = testConfig({ DOCENT_DATA_DIR: harness.config.dataDir, QDRANT_URL: double.url });
    await harness.restart(withQdrant);
    expect((await planReindex(withQdrant, harness.services.db)).target_backend).toBe('qdrant');
    await reindex(withQdrant, harness.services.db, { inProcessExtraction: true });
    await harness.services.refresh();
    harness.write('expenses.md', '# Expenses\n\nThe hotel cap is 175 EUR per night.\n');
    await harness.sync();
    expect((await harness.search('hotel cap'))[0]!.text).toContain('175 EUR');
    validated += assertContract(double, { requireRequests: true });
  });
});

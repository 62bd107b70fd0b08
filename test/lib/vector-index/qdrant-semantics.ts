import { afterEach, describe, expect, it } from 'vitest';
import { QdrantDouble } from '../../helpers/qdrant-double';
import { type RequestCheck, rest, runDouble, uniqueName } from './qdrant-harness';

type Points = { points: { id: string; score: number }[] };
const ids = ['00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-00000000000c'];
const LAYOUT = { vectors: { dense: { size: 2, distance: 'Cosine' } }, sparse_vectors: { bm25: { modifier: 'idf' } } };
/** Qdrant's IDF: ln((N - n + 0.5) / (n + 0.5) + 1), N the documents counted, n those holding the dimension. */
const idf = (documents: number, containing: number) => Math.log((documents - containing + 0.5) / (containing + 0.5) + 1);

/**
 * What the double must answer as Qdrant does, checked on the double and, when QDRANT_URL names
 * one, on a real server: every case here began as a difference found against Qdrant 1.18.3.
 * Behaviour that changed between releases is checked on the double at each `version`.
 */
export function describeQdrantSemantics(check: RequestCheck, server?: { url: string; apiKey?: string }): void {
  const double = new QdrantDouble();
  const backends = [{ title: 'the Qdrant double', double }, ...(server ? [{ title: `qdrant at ${server.url}`, double: undefined }] : [])];

  for (const backend of backends) {
    describe(`Qdrant semantics: ${backend.title}`, () => {
      const base = () => (backend.double ? backend.double.url : server!.url);
      const created: string[] = [];
      const call = (method: string, path: string, body?: unknown) => rest(base(), method, path, body, server?.apiKey);
      async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
        const answer = await call(method, path, body);
        expect(answer.status, `${method} ${path}: ${answer.error}`).toBe(200);
        return answer.result as T;
      }
      async function collection(points: unknown[] = []): Promise<string> {
        const name = uniqueName('semantics');
        await ok('PUT', `/collections/${name}`, LAYOUT);
        created.push(name);
        if (points.length) await ok('PUT', `/collections/${name}/points?wait=true`, { points });
        return name;
      }
      if (backend.double) runDouble(backend.double, () => check(backend.double, { requireRequests: false }));
      afterEach(async () => {
        for (const name of created.splice(0)) await call('DELETE', `/collections/${name}`);
      });

      it('gzips its answers, chunked, for a client that accepts gzip, and sends them whole for one that asks for identity', async () => {
        const name = await collection();
        const ask = (encoding: string) =>
          fetch(`${base()}/collections/${name}`, { headers: { 'accept-encoding': encoding, ...(server?.apiKey ? { 'api-key': server.apiKey } : {}) } });
        const gzipped = await ask('gzip, deflate');
        expect(gzipped.headers.get('content-encoding')).toBe('gzip');
        expect(gzipped.headers.get('content-length')).toBeNull();
        expect(((await gzipped.json()) as { status: string }).status).toBe('ok');
        const plain = await ask('identity');
        expect(plain.headers.get('content-encoding')).toBeNull();
        expect(Number(plain.headers.get('content-length'))).toBeGreaterThan(0);
        expect(((await plain.json()) as { status: string }).status).toBe('ok');
      });

      it('scores sparse queries with the IDF modifier and fuses prefetches with DBSF and RRF like Qdrant', async () => {
        const name = await collection([
          { id: ids[0], vector: { dense: [3, 4], bm25: { indices: [1, 2], values: [0.5, 1] } }, payload: {} },
          { id: ids[1], vector: { dense: [1, 0], bm25: { indices: [2], values: [2] } }, payload: {} },
          { id: ids[2], vector: { dense: [0, 1], bm25: { indices: [3], values: [1] } }, payload: {} },
        ]);
        const sparse = await ok<Points>('POST', `/collections/${name}/points/query`, { query: { indices: [1, 2], values: [1, 1] }, using: 'bm25' });
        // Point c shares no dimension with the query, so sparse search does not return it; the rarer
        // dimension 1 (idf ≈ 0.98 against ≈ 0.47) puts a ahead of b despite b's larger weight.
        expect(sparse.points.map((point) => point.id)).toEqual([ids[0], ids[1]]);
        expect(sparse.points[0]!.score).toBeCloseTo(0.5 * idf(3, 1) + idf(3, 2), 5);
        expect(sparse.points[1]!.score).toBeCloseTo(2 * idf(3, 2), 5);

        const dense = await ok<{ vector: { dense: number[] } }[]>('POST', `/collections/${name}/points`, { ids: [ids[0]], with_vector: ['dense'] });
        expect(dense[0]!.vector.dense[0]).toBeCloseTo(0.6, 6);

        const prefetch = [
          { query: [1, 0], using: 'dense', limit: 3 },
          { query: { indices: [1, 2], values: [1, 1] }, using: 'bm25', limit: 3 },
        ];
        const dbsf = await ok<Points>('POST', `/collections/${name}/points/query`, { prefetch, query: { fusion: 'dbsf' } });
        const normalised = (scores: number[]) => {
          const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
          const deviation = Math.sqrt(scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / (scores.length - 1));
          return scores.map((score) => (score - (mean - 3 * deviation)) / (6 * deviation));
        };
        const [denseB, denseA, denseC] = normalised([1, 0.6, 0]);
        const [sparseB, sparseA] = normalised([2 * idf(3, 2), 0.5 * idf(3, 1) + idf(3, 2)]);
        expect(Object.fromEntries(dbsf.points.map((point) => [point.id, point.score]))).toEqual({
          [ids[0]!]: expect.closeTo(denseA! + sparseA!, 5),
          [ids[1]!]: expect.closeTo(denseB! + sparseB!, 5),
          [ids[2]!]: expect.closeTo(denseC!, 5),
        });
        const rrf = await ok<Points>('POST', `/collections/${name}/points/query`, { prefetch, query: { fusion: 'rrf' } });
        // Qdrant's default k is 2: the point at 0-based position p scores 1 / (p + 2) per prefetch.
        expect(Object.fromEntries(rrf.points.map((point) => [point.id, point.score]))).toEqual({
          [ids[0]!]: expect.closeTo(1 / 3 + 1 / 2, 6),
          [ids[1]!]: expect.closeTo(1 / 2 + 1 / 3, 6),
          [ids[2]!]: expect.closeTo(1 / 4, 6),
        });
        expect(rrf.points[2]!.id).toBe(ids[2]);
      });

      it('counts for IDF only the points holding a non-empty vector of that name (Qdrant 1.15 and later)', async () => {
        // a holds dimension 5, b an empty sparse vector, c none at all (like Docent's metadata record).
        const name = await collection([
          { id: ids[0], vector: { dense: [1, 0], bm25: { indices: [5, 7], values: [1, 1] } } },
          { id: ids[1], vector: { dense: [0, 1], bm25: { indices: [], values: [] } } },
          { id: ids[2], vector: {}, payload: { docent: { record: true } } },
        ]);
        const found = await ok<Points>('POST', `/collections/${name}/points/query`, { query: { indices: [5], values: [1] }, using: 'bm25' });
        expect(found.points.map((point) => point.id)).toEqual([ids[0]]);
        expect(found.points[0]!.score).toBeCloseTo(idf(1, 1), 5);
        // Neither vector search nor a dense query can reach the point without vectors.
        const dense = await ok<Points>('POST', `/collections/${name}/points/query`, { query: [1, 1], using: 'dense', limit: 10 });
        expect(dense.points.map((point) => point.id).sort()).toEqual([ids[0], ids[1]]);
      });

      it('applies alias actions in order: deleting a missing alias is fine, creating an existing one moves it, a failure keeps what came before', async () => {
        const [first, second] = [await collection(), await collection()];
        const alias = uniqueName('alias');
        const aliasOf = async () =>
          (await ok<{ aliases: { alias_name: string; collection_name: string }[] }>('GET', '/aliases')).aliases.find((item) => item.alias_name === alias)
            ?.collection_name;
        await ok('POST', '/collections/aliases', { actions: [{ delete_alias: { alias_name: alias } }] });
        await ok('POST', '/collections/aliases', { actions: [{ create_alias: { alias_name: alias, collection_name: first } }] });
        await ok('POST', '/collections/aliases', { actions: [{ create_alias: { alias_name: alias, collection_name: second } }] });
        expect(await aliasOf()).toBe(second);

        const failed = await call('POST', '/collections/aliases', {
          actions: [{ delete_alias: { alias_name: alias } }, { create_alias: { alias_name: alias, collection_name: uniqueName('missing') } }],
        });
        expect(failed).toMatchObject({ status: 404, error: expect.stringContaining("doesn't exist") });
        expect(await aliasOf()).toBeUndefined();
        const named = await call('POST', '/collections/aliases', { actions: [{ create_alias: { alias_name: first, collection_name: second } }] });
        expect(named).toMatchObject({ status: 409, error: `Wrong input: Collection \`${first}\` already exists!` });
      });

      it('answers 422 to requests that parse but break a rule, and names the vector of a point of the wrong size', async () => {
        const name = await collection([{ id: ids[0], vector: { dense: [1, 0], bm25: { indices: [1], values: [1] } } }]);
        for (const [path, body] of [
          ['points/query', { query: [1, 0], using: 'dense', limit: 0 }],
          ['points/query/batch', { searches: [{ query: [1, 0], using: 'dense', limit: 0 }] }],
          ['points/scroll', { limit: 0 }],
          ['points/query', { query: { indices: [1, 1], values: [1, 1] }, using: 'bm25' }],
          ['points/query', { query: { indices: [1], values: [1, 2] }, using: 'bm25' }],
        ] as const) {
          const answer = await call('POST', `/collections/${name}/${path}`, body);
          expect(answer, `${path} ${JSON.stringify(body)}`).toMatchObject({ status: 422, error: expect.stringMatching(/^Validation error in JSON body: \[/) });
        }
        const wrong = await call('PUT', `/collections/${name}/points?wait=true`, { points: [{ id: ids[1], vector: { dense: [1, 0, 0] } }] });
        expect(wrong).toMatchObject({ status: 400, error: "Wrong input: Vector dimension error: expected dim: 2, got 3 for vector 'dense'" });
        const badId = await call('PUT', `/collections/${name}/points?wait=true`, { points: [{ id: 'not-a-uuid', vector: {} }] });
        expect(badId).toMatchObject({
          status: 400,
          error: 'Format error in JSON body: value not-a-uuid is not a valid point ID, valid values are either an unsigned integer or a UUID',
        });
        const query = await call('POST', `/collections/${name}/points/query`, { query: [1, 0, 0], using: 'dense' });
        expect(query).toMatchObject({ status: 400, error: 'Wrong input: Vector dimension error: expected dim: 2, got 3' });
        // These requests break Qdrant's schema on purpose; the contract check is for the adapter's.
        backend.double?.requests.splice(0);
      });
    });
  }

  describe('the Qdrant double as older releases', () => {
    const older = new QdrantDouble();
    runDouble(older, () => check(older, { requireRequests: false }));
    const call = (method: string, path: string, body?: unknown) => older.call(method, path, body);

    it('counts every point for IDF before 1.15, with or without the vector', async () => {
      older.version = '1.12.6';
      const name = uniqueName('idf');
      await call('PUT', `/collections/${name}`, LAYOUT);
      await call('PUT', `/collections/${name}/points?wait=true`, {
        points: [
          { id: ids[0], vector: { dense: [1, 0], bm25: { indices: [5], values: [1] } } },
          { id: ids[1], vector: { dense: [0, 1], bm25: { indices: [], values: [] } } },
          { id: ids[2], vector: {} },
        ],
      });
      const found = (await call('POST', `/collections/${name}/points/query`, { query: { indices: [5], values: [1] }, using: 'bm25' })) as Points;
      expect(found.points[0]!.score).toBeCloseTo(idf(3, 1), 5);
      older.version = '1.15.0';
      const later = (await call('POST', `/collections/${name}/points/query`, { query: { indices: [5], values: [1] }, using: 'bm25' })) as Points;
      expect(later.points[0]!.score).toBeCloseTo(idf(1, 1), 5);
      await call('DELETE', `/collections/${name}`);
    });

    it('keeps collection metadata from 1.16 on; older releases ignore the field', async () => {
      for (const [version, kept] of [
        ['1.12.6', false],
        ['1.15.3', false],
        ['1.16.0', true],
      ] as const) {
        older.version = version;
        const name = uniqueName('metadata');
        await call('PUT', `/collections/${name}`, { ...LAYOUT, metadata: { docent: { embedder: 'x' } } });
        await call('PATCH', `/collections/${name}`, { metadata: { other: 1 } });
        const info = (await call('GET', `/collections/${name}`)) as { config: { metadata?: unknown } };
        expect(info.config.metadata, version).toEqual(kept ? { docent: { embedder: 'x' }, other: 1 } : undefined);
        await call('DELETE', `/collections/${name}`);
      }
      older.version = '1.19.0';
    });
  });
}

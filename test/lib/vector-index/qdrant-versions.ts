import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../lib/embedder/types';
import { METADATA_POINT_ID } from '../../../lib/vector-index/qdrant-metadata';
import { QdrantDouble } from '../../helpers/qdrant-double';
import { CORPUS, IDENTITY, point, query } from './behaviour';
import { type RequestCheck, doubleSuite, uniqueName, writeCorpus } from './qdrant-harness';

type StoredRecord = { id: string; payload?: { docent?: { embedder: string; bm25: { average_length: number; length_count?: number } } } };
const LAYOUT = { vectors: { dense: { size: IDENTITY.dimension, distance: 'Cosine' } }, sparse_vectors: { bm25: { modifier: 'idf' } } };

/**
 * The adapter across the Qdrant releases it supports (1.12 to 1.x), on the double at each version:
 * which it refuses, its metadata record, and the collections earlier Docents left behind.
 */
export function describeQdrantVersions(check: RequestCheck): void {
  describe('QdrantIndex across Qdrant versions (HTTP double)', () => {
    const double = new QdrantDouble();
    const call = (method: string, path: string, body?: unknown) => double.call(method, path, body);
    const record = async (collection: string) =>
      ((await call('POST', `/collections/${collection}/points`, { ids: [METADATA_POINT_ID], with_payload: true })) as StoredRecord[])[0];

    const open = doubleSuite(double, check, 'versions');

    it('refuses servers before 1.12 and other major versions (qdrant_incompatible) without creating anything', async () => {
      for (const version of ['1.9.7', '1.11.5', '0.12.0', '2.0.0']) {
        double.version = version;
        const collection = uniqueName('old');
        await expect(open(collection).count(), version).rejects.toMatchObject({ code: 'qdrant_incompatible', message: expect.stringContaining(version) });
        expect(double.collectionNames()).not.toContain(collection);
      }
    });

    it('serves 1.12, 1.16 and 1.18 alike, and gives a collection written without folders its folders when it opens it', async () => {
      for (const version of ['1.12.0', '1.16.0', '1.18.3']) {
        double.version = version;
        const collection = uniqueName('older');
        const index = open(collection);
        await writeCorpus(index);
        expect(await index.count(), version).toBe(CORPUS.length);
        expect((await index.query(query('What is the hotel cap per night?')))[0]?.payload.doc_id, version).toBe('expenses');
        const inMisc = CORPUS.filter((item) => item.payload.path.startsWith('misc/')).length;
        expect(inMisc).toBeGreaterThan(0);
        expect(await index.count({ pathPrefix: 'misc/' }), version).toBe(inMisc);
        double.dropField(collection, 'folders');
        const reopened = open(collection);
        expect(await reopened.count({ pathPrefix: 'misc/' }), version).toBe(inMisc);
        expect(await reopened.count({ pathPrefix: 'misc' }), version).toBe(inMisc);
        expect(double.collectionInfo(collection).payload_schema).toHaveProperty('folders');
      }
    });

    it('creates the layout with the embedder identity in a metadata point, which no count or listing shows, and refuses another embedder', async () => {
      double.version = '1.12.6';
      const collection = uniqueName('layout');
      expect(await open(collection).count()).toBe(0);

      const info = double.collectionInfo(collection) as {
        config: { params: Record<string, unknown>; metadata?: unknown };
        payload_schema: Record<string, { data_type: string; params?: Record<string, unknown> }>;
      };
      expect(info.config.params).toMatchObject({ ...LAYOUT, shard_number: 1, replication_factor: 1 });
      expect(info.config.metadata).toBeUndefined();
      // Path filters match `path` and `folders` exactly: no prefix index, which only Qdrant 1.19 has.
      for (const field of ['doc_id', 'root', 'file_type', 'tags', 'source_type', 'path', 'folders']) {
        expect(info.payload_schema[field], field).toMatchObject({ data_type: 'keyword' });
        expect(info.payload_schema[field]?.params, field).toBeUndefined();
      }
      // Written right after the collection, before any index or document: a reopen can check it at once.
      const writes = double.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
      expect(writes.slice(0, 2)).toEqual([`PUT /collections/${collection}`, `PUT /collections/${collection}/points`]);
      expect((await record(collection))?.payload?.docent).toMatchObject({
        embedder: identityKey(IDENTITY),
        bm25: { k1: 1.2, b: 0.75, title_weight: 2, heading_weight: 1 },
      });

      const index = open(collection);
      await writeCorpus(index);
      expect(double.collectionInfo(collection).points_count).toBe(CORPUS.length + 1);
      expect(await index.count()).toBe(CORPUS.length);
      expect(await index.count({ tags: ['handbook'] })).toBe(3);
      expect((await index.termStatistics(['vacation'])).chunks).toBe(CORPUS.length);
      await expect(open(collection, { ...IDENTITY, model: 'another-model' }).count()).rejects.toMatchObject({ code: 'embedder_mismatch' });
      await expect(open(collection, { ...IDENTITY, dimension: 128 }).count()).rejects.toMatchObject({ code: 'embedder_mismatch' });
      expect(await open(collection).count()).toBe(CORPUS.length);
      expect(double.requests.some((request) => request.method === 'PATCH')).toBe(false);
    });

    it('keeps the average chunk length in the record as documents arrive, across sessions', async () => {
      const collection = uniqueName('lengths');
      await writeCorpus(open(collection));
      const stored = (await record(collection))?.payload?.docent?.bm25;
      expect(stored).toMatchObject({ average_length: expect.any(Number), length_count: expect.any(Number) });
      expect(stored!.average_length).toBeGreaterThan(0);
      expect(stored!.average_length).toBeLessThan(40);
      // A later session's first document moves the mean by its share; it used to replace it.
      const long = point('handbook', 'c0', Array.from({ length: 200 }, (_, word) => `term${word}`).join(' '));
      await open(collection).writeDocument({ docId: 'handbook', upsert: [long], updatePayload: [], delete: [] });
      const after = (await record(collection))?.payload?.docent?.bm25;
      expect(after!.average_length).toBeLessThan(40);
      expect(after!.length_count).toBeGreaterThanOrEqual(stored!.length_count!);
    });

    it('moves the metadata of a collection an earlier Docent made on 1.16+ into a record, keeping its embedder and average length', async () => {
      double.version = '1.18.3';
      const collection = uniqueName('legacy');
      await writeCorpus(open(collection));
      const legacy = (await record(collection))!.payload!.docent!;
      // What Docent before the record left: the metadata in the collection's config, no record.
      await call('POST', `/collections/${collection}/points/delete?wait=true`, { points: [METADATA_POINT_ID] });
      await call('PATCH', `/collections/${collection}`, { metadata: { docent: { ...legacy, bm25: { ...legacy.bm25, average_length: 42.5 } } } });
      expect(await record(collection)).toBeUndefined();

      await expect(open(collection, { ...IDENTITY, model: 'another-model' }).count()).rejects.toMatchObject({ code: 'embedder_mismatch' });
      expect((await record(collection))?.payload?.docent).toMatchObject({ embedder: identityKey(IDENTITY), bm25: { average_length: 42.5 } });
      const reopened = open(collection);
      expect(await reopened.count()).toBe(CORPUS.length);
      expect((await reopened.query(query('gloves for kiln work')))[0]?.payload.doc_id).toBe('safety');
    });

    it('refuses a collection without Docent metadata that holds points, and finishes an empty one of its layout left without its record', async () => {
      const foreign = uniqueName('foreign');
      await call('PUT', `/collections/${foreign}`, LAYOUT);
      await call('PUT', `/collections/${foreign}/points?wait=true`, {
        points: [{ id: 7, vector: { dense: Array.from({ length: IDENTITY.dimension }, () => 1) }, payload: {} }],
      });
      await expect(open(foreign).count()).rejects.toMatchObject({ code: 'qdrant_foreign_collection' });
      expect(await record(foreign)).toBeUndefined();
      const otherLayout = uniqueName('layout');
      await call('PUT', `/collections/${otherLayout}`, { ...LAYOUT, vectors: { dense: { size: 3, distance: 'Cosine' } } });
      await expect(open(otherLayout).count()).rejects.toMatchObject({ code: 'qdrant_foreign_collection' });
      for (const name of [foreign, otherLayout]) await call('DELETE', `/collections/${name}`);

      const unfinished = uniqueName('unfinished');
      await call('PUT', `/collections/${unfinished}`, LAYOUT);
      const index = open(unfinished);
      expect(await index.count()).toBe(0);
      expect((await record(unfinished))?.payload?.docent?.embedder).toBe(identityKey(IDENTITY));
      expect(Object.keys(double.collectionInfo(unfinished).payload_schema as object)).toEqual(expect.arrayContaining(['doc_id', 'terms', 'folders']));
      await writeCorpus(index);
      expect(await index.count({ pathPrefix: 'misc/' })).toBe(1);
    });
  });
}

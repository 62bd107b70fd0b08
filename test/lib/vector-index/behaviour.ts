import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbedderIdentity } from '../../../lib/embedder/types';
import { hashToUuid, sha256Hex } from '../../../lib/ids';
import { tokenize } from '../../../lib/text/tokenize';
import { fuse } from '../../../lib/vector-index/fusion';
import type { ChunkPayload, HybridQuery, IndexPoint, VectorIndex } from '../../../lib/vector-index/types';
import { FakeEmbedder } from '../../helpers/fake-embedder';

export const IDENTITY: EmbedderIdentity = { provider: 'fake', model: 'hashed-bow', dimension: 64 };

export interface IndexHarness {
  index: VectorIndex;
  /** Opens the same stored index again, claiming another embedder identity. */
  reopenAs(identity: EmbedderIdentity): Promise<VectorIndex>;
  close(): Promise<void>;
}

const id = (name: string) => hashToUuid(sha256Hex(name));

export function point(docId: string, name: string, text: string, extra: Partial<ChunkPayload> = {}): IndexPoint {
  return {
    id: id(`${docId}/${name}`),
    vector: FakeEmbedder.vector(text, IDENTITY.dimension),
    text,
    payload: {
      doc_id: docId,
      root: '/kb',
      path: `${docId}.md`,
      title: null,
      heading: null,
      page: null,
      char_start: 0,
      char_end: text.length,
      chunk_index: 0,
      file_type: 'markdown',
      tags: [],
      source_type: 'document',
      text_hash: sha256Hex(text).slice(0, 32),
      ...extra,
    },
  };
}

export function query(text: string, overrides: Partial<HybridQuery> = {}): HybridQuery {
  return {
    vector: FakeEmbedder.vector(text, IDENTITY.dimension),
    terms: tokenize(text),
    limit: 10,
    mode: 'hybrid',
    fusion: 'score',
    denseWeight: 0.5,
    rrfK: 60,
    candidates: 50,
    ...overrides,
  };
}

// A small fixed corpus: every document answers one kind of question.
export const CORPUS: IndexPoint[] = [
  point('vacation', 'c0', 'Every employee receives 25 days of paid vacation per calendar year.', { title: 'Time off', tags: ['handbook'], language: 'en' }),
  point('vacation', 'c1', 'Up to 5 unused vacation days carry over until March 31.', { title: 'Time off', tags: ['handbook'], chunk_index: 1, language: 'en' }),
  point('expenses', 'c0', 'The hotel cap is 160 EUR per night; meals are reimbursed up to 45 EUR a day.', { title: 'Expenses', tags: ['handbook', 'finance'] }),
  point('security', 'c0', 'Reset your password at the self-service portal; multi-factor authentication is required.', {
    title: 'IT security',
    file_type: 'html',
  }),
  point('safety', 'c0', 'Kiln work requires heat-resistant gloves rated to 500 degrees.', {
    title: 'Safety manual',
    file_type: 'pdf',
    page: 2,
    path: 'manuals/safety.pdf',
  }),
  point('cafeteria', 'c0', 'The cafeteria opens at 8am and serves lunch until 2pm.', { title: 'Cafeteria', path: 'misc/cafeteria.md', language: 'fr' }),
  point('curated-1', 'c0', 'Q: How do I book a meeting room? A: Use the Perch app.', { source_type: 'curated', file_type: 'curated' }),
];

/** The behaviour every VectorIndex backend must show; parameterised by how to build one. */
export function describeVectorIndexBehaviour(backend: string, create: (identity: EmbedderIdentity) => Promise<IndexHarness>): void {
  describe(`VectorIndex behaviour: ${backend}`, () => {
    let harness: IndexHarness;
    let index: VectorIndex;

    beforeEach(async () => {
      harness = await create(IDENTITY);
      index = harness.index;
      for (const docId of new Set(CORPUS.map((item) => item.payload.doc_id))) {
        await index.writeDocument({ docId, upsert: CORPUS.filter((item) => item.payload.doc_id === docId), updatePayload: [], delete: [] });
      }
    });

    afterEach(async () => {
      await harness.close();
    });

    it('upserts points and counts them, with and without filters', async () => {
      expect(await index.count()).toBe(CORPUS.length);
      expect(await index.count({ docIds: ['vacation'] })).toBe(2);
      expect(await index.count({ sourceTypes: ['curated'] })).toBe(1);
      const listed = await index.listDocumentPoints('vacation');
      expect(listed.map((item) => item.text).sort()).toEqual(
        CORPUS.slice(0, 2)
          .map((item) => item.text)
          .sort(),
      );
    });

    it('returns the stored vectors by id', async () => {
      const vectors = await index.fetchVectors([CORPUS[0]!.id, id('missing')]);
      expect(vectors.size).toBe(1);
      const stored = vectors.get(CORPUS[0]!.id)!;
      CORPUS[0]!.vector.forEach((value, position) => expect(stored[position]).toBeCloseTo(value, 5));
    });

    it('upserting the same id again replaces the point instead of duplicating it', async () => {
      const again = { ...CORPUS[0]!, text: 'Every employee receives 25 days of paid vacation per calendar year.' };
      await index.writeDocument({ docId: 'vacation', upsert: [again], updatePayload: [], delete: [] });
      expect(await index.count({ docIds: ['vacation'] })).toBe(2);
    });

    it('updates payloads in place and deletes stale points in the same write', async () => {
      const moved = { ...CORPUS[0]!.payload, chunk_index: 7, path: 'renamed.md' };
      const fresh = point('vacation', 'c2', 'Sick leave needs a doctor’s note after 3 days.', { title: 'Time off' });
      const stats = await index.writeDocument({
        docId: 'vacation',
        upsert: [fresh],
        updatePayload: [{ id: CORPUS[0]!.id, payload: moved }],
        delete: [CORPUS[1]!.id],
      });
      expect(stats).toEqual({ upserted: 1, updated: 1, deleted: 1 });
      const listed = await index.listDocumentPoints('vacation');
      expect(listed.map((item) => item.id).sort()).toEqual([CORPUS[0]!.id, fresh.id].sort());
      expect(listed.find((item) => item.id === CORPUS[0]!.id)!.payload).toMatchObject({ chunk_index: 7, path: 'renamed.md' });
      const hits = await index.query(query('carry over unused days March'));
      expect(hits.some((hit) => hit.id === CORPUS[1]!.id)).toBe(false);
    });

    it('deletes a whole document and leaves the others alone', async () => {
      expect(await index.deleteDocument('vacation')).toBe(2);
      expect(await index.count({ docIds: ['vacation'] })).toBe(0);
      expect(await index.count()).toBe(CORPUS.length - 2);
      const hits = await index.query(query('paid vacation days per year'));
      expect(hits.every((hit) => hit.payload.doc_id !== 'vacation')).toBe(true);
    });

    it('ranks the document that shares the query’s words and meaning first, in every mode', async () => {
      for (const mode of ['hybrid', 'lexical', 'dense'] as const) {
        const hits = await index.query(query('What is the hotel cap per night?', { mode }));
        expect(hits[0]?.payload.doc_id, mode).toBe('expenses');
      }
      const hybrid = await index.query(query('gloves for kiln work'));
      expect(hybrid[0]).toMatchObject({ payload: { doc_id: 'safety', page: 2 } });
      expect(hybrid[0]!.lexical).toBeGreaterThan(0);
      expect(hybrid[0]!.dense).toBeGreaterThan(0);
      const rrf = await index.query(query('gloves for kiln work', { fusion: 'rrf' }));
      expect(rrf[0]?.payload.doc_id).toBe('safety');
    });

    it('fuses the two signals with the query’s dense weight (lib/vector-index/fusion.ts), whatever the backend', async () => {
      for (const denseWeight of [0, 0.1, 1, 3]) {
        // The limit covers the whole corpus, so every candidate of both signals comes back with its raw scores.
        const hits = await index.query(query('paid vacation days and the hotel cap', { denseWeight }));
        expect(hits, `α ${denseWeight}`).toHaveLength(CORPUS.length);
        const signal = (name: 'lexical' | 'dense') => new Map(hits.flatMap((hit) => (hit[name] === null ? [] : [[hit.id, hit[name]] as [string, number]])));
        const expected = new Map(fuse(signal('lexical'), signal('dense'), { fusion: 'score', denseWeight, rrfK: 60 }).map((item) => [item.id, item.score]));
        for (const hit of hits) expect(hit.score, `α ${denseWeight} ${hit.payload.doc_id}`).toBeCloseTo(expected.get(hit.id)!, 6);
        expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
      }
    });

    it('applies payload filters to every signal', async () => {
      const onlyPdf = await index.query(query('hotel cap per night', { filter: { fileTypes: ['pdf'] } }));
      expect(onlyPdf.length).toBeGreaterThan(0);
      expect(onlyPdf.every((hit) => hit.payload.file_type === 'pdf')).toBe(true);
      const finance = await index.query(query('vacation days', { filter: { tags: ['finance'] } }));
      expect(finance.map((hit) => hit.payload.doc_id)).toEqual(['expenses']);
      const misc = await index.query(query('lunch', { filter: { pathPrefix: 'misc/' } }));
      expect(misc.map((hit) => hit.payload.doc_id)).toEqual(['cafeteria']);
      const curated = await index.query(query('book a meeting room', { filter: { sourceTypes: ['curated'] } }));
      expect(curated.map((hit) => hit.payload.doc_id)).toEqual(['curated-1']);
      const documents = await index.query(query('meeting room', { filter: { docIds: ['cafeteria', 'security'] } }));
      expect(new Set(documents.map((hit) => hit.payload.doc_id))).toEqual(new Set(['cafeteria', 'security']));
      const french = await index.query(query('lunch vacation hotel password', { filter: { languages: ['fr'] } }));
      expect(french.map((hit) => hit.payload.doc_id)).toEqual(['cafeteria']);
      // Chunks stored without a language (indexed before languages were) count as undetermined.
      const undetermined = await index.query(query('lunch vacation hotel password', { filter: { languages: ['und', 'fr'] } }));
      expect(new Set(undetermined.map((hit) => hit.payload.doc_id))).toEqual(new Set(['expenses', 'security', 'safety', 'cafeteria', 'curated-1']));
    });

    it('leaves out what an access filter hides, inside the query, on every signal and in counts', async () => {
      const everything = CORPUS.length;
      const ids = async (text: string, filter: HybridQuery['filter'], mode: HybridQuery['mode'] = 'hybrid') =>
        new Set((await index.query(query(text, { filter, mode, limit: everything }))).map((hit) => hit.payload.doc_id));
      // A hidden folder: the manual under manuals/ and the cafeteria page under misc/.
      const folders = {
        excludeFolders: [
          { root: null, folder: 'manuals/' },
          { root: '/kb', folder: 'misc/' },
        ],
        excludeDocIds: [],
      };
      for (const mode of ['hybrid', 'dense', 'lexical'] as const) {
        const hits = await ids('kiln gloves cafeteria lunch vacation', { access: folders }, mode);
        expect(hits.has('safety'), mode).toBe(false);
        expect(hits.has('cafeteria'), mode).toBe(false);
        if (mode !== 'dense') expect(hits.has('vacation'), mode).toBe(true);
      }
      expect(await index.count({ access: folders })).toBe(everything - 2);
      // A folder of another root hides nothing here.
      expect(await index.count({ access: { excludeFolders: [{ root: '/elsewhere', folder: 'misc/' }], excludeDocIds: [] } })).toBe(everything);
      // Every root's top: no document is left, reviewed answers are untouched by folders.
      const allDocuments = { excludeFolders: [{ root: null, folder: '' }], excludeDocIds: [] };
      expect(await ids('meeting room vacation', { access: allDocuments })).toEqual(new Set(['curated-1']));
      // A root's top hides that root's documents only.
      expect(await index.count({ access: { excludeFolders: [{ root: '/kb', folder: '' }], excludeDocIds: [] } })).toBe(1);
      // Hidden reviewed answers by id, combined with the caller's own filter (which can only narrow).
      const hiddenCurated = { excludeFolders: [], excludeDocIds: ['curated-1'] };
      expect(await ids('book a meeting room', { sourceTypes: ['curated'], access: hiddenCurated })).toEqual(new Set());
      expect(await ids('hotel cap', { tags: ['finance'], access: folders })).toEqual(new Set(['expenses']));
    });

    it('respects the limit and returns nothing for a query that matches nothing lexically in lexical mode', async () => {
      expect(await index.query(query('vacation', { limit: 1 }))).toHaveLength(1);
      expect(await index.query(query('zyxwvut', { mode: 'lexical' }))).toEqual([]);
    });

    it('refuses vectors of another embedder, and a write that fails changes nothing', async () => {
      const wrong = { ...point('vacation', 'c9', 'wrong size'), vector: new Float32Array(IDENTITY.dimension + 1) };
      const fresh = point('vacation', 'c8', 'A valid new chunk');
      await expect(index.writeDocument({ docId: 'vacation', upsert: [fresh, wrong], updatePayload: [], delete: [CORPUS[0]!.id] })).rejects.toThrow();
      expect(await index.count({ docIds: ['vacation'] })).toBe(2);
      await expect(harness.reopenAs({ ...IDENTITY, model: 'another-model' })).rejects.toMatchObject({ code: 'embedder_mismatch' });
    });
  });
}

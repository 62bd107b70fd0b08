import fs from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../lib/db';
import { closeSearchThread } from '../../../lib/vector-index/dense-thread';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import type { HybridQuery, IndexPoint, QueryFilter } from '../../../lib/vector-index/types';
import { point, query } from './behaviour';
import { corpus, identity, indexOf, options, vectors, write } from './clustered';

// The embedded index's dense search on its own thread and connection (lib/vector-index/dense-thread.ts)
// must find exactly what the same search on the calling thread finds, and see every commit.

describe('embedded index: dense search on its own thread', () => {
  const points = corpus(3000).map((item, index) => ({ ...item, text: `chunk ${index} ${index % 7 === 0 ? 'kiln' : 'glaze'} firing` }));
  const queries = vectors(15, 5);
  let db: Db;
  let generation: string;
  let here: EmbeddedIndex;
  let threaded: EmbeddedIndex;

  beforeAll(async () => {
    ({ db, generation, index: here } = await indexOf(points));
    threaded = new EmbeddedIndex(db, generation, identity, { ...options, searchThread: true });
  });

  const ask = (vector: Float32Array, mode: HybridQuery['mode'], filter?: QueryFilter): HybridQuery => ({
    ...query('kiln firing'),
    vector,
    mode,
    limit: 10,
    candidates: 50,
    filter,
  });
  const ranked = async (index: EmbeddedIndex, request: HybridQuery) => (await index.query(request)).map((hit) => [hit.id, hit.score, hit.dense, hit.lexical]);

  it('ranks dense, hybrid and filtered queries exactly as the calling thread does', async () => {
    for (const vector of queries) {
      for (const mode of ['dense', 'hybrid'] as const) {
        for (const filter of [undefined, { fileTypes: ['pdf'] }, { fileTypes: ['markdown'] }]) {
          const expected = await ranked(here, ask(vector, mode, filter));
          expect(expected.length).toBe(10);
          expect(await ranked(threaded, ask(vector, mode, filter))).toEqual(expected);
        }
      }
    }
  });

  it('finds a chunk committed after its connection opened, and never one deleted since', async () => {
    const vector = queries[0]!;
    const fresh: IndexPoint = { ...point('fresh', 'c0', 'fresh kiln chunk'), vector };
    await threaded.query(ask(vector, 'dense'));
    await write(here, [fresh]);
    expect((await threaded.query(ask(vector, 'dense')))[0]!.id).toBe(fresh.id);
    await here.deleteDocument('fresh');
    expect((await threaded.query(ask(vector, 'dense'))).map((hit) => hit.id)).not.toContain(fresh.id);
  });

  it('ran on its thread, which closing the database stops', async () => {
    await threaded.query(ask(queries[0]!, 'hybrid'));
    await expect(closeSearchThread(db)).resolves.toBe(true);
    await expect(closeSearchThread(db)).resolves.toBe(false);
    // The next query starts a thread again.
    await threaded.query(ask(queries[0]!, 'hybrid'));
    await expect(closeSearchThread(db)).resolves.toBe(true);
  });
});

describe('embedded index: a search thread that cannot run', () => {
  it('searches on the calling thread instead, with the same results, and says so once', async () => {
    const points = corpus(1500);
    const { db, generation, index: here } = await indexOf(points);
    const threaded = new EmbeddedIndex(db, generation, identity, { ...options, searchThread: true });
    // The thread opens the database file by name: gone from the folder, it cannot start, while this
    // connection keeps its open file.
    fs.rmSync(db.name);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const vector of vectors(3, 11)) {
        const request = { ...query('x'), vector, mode: 'dense' as const, limit: 10, candidates: 20 };
        expect((await threaded.query(request)).map((hit) => hit.id)).toEqual((await here.query(request)).map((hit) => hit.id));
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('search thread stopped');
      await expect(closeSearchThread(db)).resolves.toBe(false);
    } finally {
      warn.mockRestore();
    }
  });
});

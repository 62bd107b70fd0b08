import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../lib/db';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import { SPLIT_AT, probesFor } from '../../../lib/vector-index/embedded-ivf';
import { VECTOR_CHUNK, generationTables } from '../../../lib/vector-index/embedded-schema';
import { createGeneration } from '../../../lib/vector-index/generations';
import type { QueryFilter } from '../../../lib/vector-index/types';
import { toBlob } from '../../../lib/vector-index/vector-math';
import { ftsTerm, tokenize } from '../../../lib/text/tokenize';
import { tempDir } from '../../helpers/temp';
import { point, query } from './behaviour';
import { DIMENSION, corpus, dense, exact, identity, indexOf, options, vectors, write } from './clustered';

function listState(db: Db, generation: string) {
  const tables = generationTables(generation);
  const lists = db.prepare(`select id, size from ${tables.lists}`).all() as { id: number; size: number }[];
  const rows = db.prepare(`select list, count(*) as n from ${tables.vectors} group by list`).all() as { list: number; n: number }[];
  const centroids = (db.prepare(`select count(*) as n from ${tables.centroids}`).get() as { n: number }).n;
  return { lists, rows, centroids };
}

describe('embedded index: IVF lists', () => {
  const points = corpus(6000);
  const queries = vectors(40, 99);
  let db: Db;
  let generation: string;
  let index: EmbeddedIndex;

  beforeAll(async () => {
    ({ db, generation, index } = await indexOf(points));
  });

  it('splits into lists as it grows, keeps every vector in exactly one counted list, and finds what exact search finds', async () => {
    const state = listState(db, generation);
    expect(state.lists.length).toBeGreaterThanOrEqual(Math.ceil(points.length / SPLIT_AT));
    expect(state.centroids).toBe(state.lists.length);
    expect(Math.max(...state.lists.map((list) => list.size))).toBeLessThanOrEqual(SPLIT_AT);
    expect(new Map(state.rows.map((row) => [row.list, row.n]))).toEqual(
      new Map(state.lists.filter((list) => list.size > 0).map((list) => [list.id, list.size])),
    );
    expect(state.rows.reduce((sum, row) => sum + row.n, 0)).toBe(points.length);
    let found = 0;
    for (const vector of queries) {
      const expected = new Set(exact(points, vector, 10));
      found += (await dense(index, vector)).filter((id) => expected.has(id)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it("indexes vec0's blob table by list, so a list search reads only that list's blobs, also in an index written before", () => {
    const { vectors } = generationTables(generation);
    // The statement sqlite-vec 0.1.x runs to find a list's blobs (its text is in vec0.so).
    const plan = () =>
      (db.prepare(`explain query plan select chunk_id, validity, rowids from ${vectors}_chunks where partition00 = ?`).all(1) as { detail: string }[])
        .map((row) => row.detail)
        .join(' ');
    expect(plan()).toContain(`USING INDEX ${vectors}_chunks_list`);
    db.exec(`drop index ${vectors}_chunks_list`);
    expect(plan()).not.toContain('USING INDEX');
    EmbeddedIndex.ensureTables(db, generation, DIMENSION);
    expect(plan()).toContain(`USING INDEX ${vectors}_chunks_list`);
  });

  it('probes the configured number of lists up to about 100,000 chunks, then more with the square root of the list count', () => {
    expect([10, 165].map((lists) => probesFor(32, lists))).toEqual([32, 32]);
    expect([640, 1838].map((lists) => probesFor(32, lists))).toEqual([64, 108]);
    expect(probesFor(8, 1838)).toBe(27);
  });

  it('applies narrow and broad filters inside the search: only matching chunks, the nearest of them', async () => {
    let broadFound = 0;
    for (const vector of queries.slice(0, 20)) {
      const pdf = await dense(index, vector, { fileTypes: ['pdf'] });
      expect(pdf).toEqual(exact(points, vector, 10, (item) => item.payload.file_type === 'pdf'));
      const markdown = await dense(index, vector, { fileTypes: ['markdown'] });
      const byId = new Map(points.map((item) => [item.id, item]));
      expect(markdown.every((id) => byId.get(id)!.payload.file_type === 'markdown')).toBe(true);
      const expected = new Set(exact(points, vector, 10, (item) => item.payload.file_type === 'markdown'));
      broadFound += markdown.filter((id) => expected.has(id)).length;
    }
    expect(broadFound / 200).toBeGreaterThanOrEqual(0.9);
  });

  it('never returns a deleted chunk and finds a new one as soon as it is written', async () => {
    const vector = queries[0]!;
    const [top] = await dense(index, vector);
    const docId = points.find((item) => item.id === top)!.payload.doc_id;
    await index.deleteDocument(docId);
    expect(await dense(index, vector)).not.toContain(top);
    const fresh = { ...point('fresh', 'c0', 'fresh chunk'), vector };
    await write(index, [fresh]);
    expect((await dense(index, vector))[0]).toBe(fresh.id);
  });
});

describe('embedded index written before IVF lists', () => {
  it('moves its vectors into lists when opened, and searches them as before', async () => {
    const db = openDatabase(tempDir());
    const generation = createGeneration(db, 'embedded', identity, 'serving').name;
    EmbeddedIndex.ensureTables(db, generation, DIMENSION);
    const points = corpus(3000);
    await write(new EmbeddedIndex(db, generation, identity, options), points);
    // Rebuild the vectors table the way it was before the lists: one vec0 table without a partition key.
    const tables = generationTables(generation);
    const rowids = db.prepare(`select rowid, id from ${tables.chunks}`).all() as { rowid: number; id: string }[];
    const byId = new Map(points.map((item) => [item.id, item.vector]));
    db.exec(`drop table ${tables.vectors}; drop table ${tables.lists}; drop table ${tables.centroids};`);
    db.exec(`create virtual table ${tables.vectors} using vec0(embedding float[${DIMENSION}] distance_metric=cosine)`);
    const insert = db.prepare(`insert into ${tables.vectors}(rowid, embedding) values (?, ?)`);
    for (const row of rowids) insert.run(BigInt(row.rowid), toBlob(byId.get(row.id)!));

    EmbeddedIndex.ensureTables(db, generation, DIMENSION);
    const state = listState(db, generation);
    expect(state.rows.reduce((sum, row) => sum + row.n, 0)).toBe(points.length);
    expect(state.lists.length).toBeGreaterThan(1);
    const reopened = new EmbeddedIndex(db, generation, identity, options);
    const vector = points[123]!.vector;
    expect((await dense(reopened, vector))[0]).toBe(points[123]!.id);
    db.close();
  });
});

describe("embedded index written with vec0's default blob size", () => {
  it('rebuilds its vectors in small blobs when opened, keeping every vector in its list', async () => {
    const { db, generation, index } = await indexOf(corpus(3000));
    const tables = generationTables(generation);
    db.exec(`create table moved as select rowid as id, list, embedding from ${tables.vectors}; drop table ${tables.vectors};`);
    db.exec(`create virtual table ${tables.vectors} using vec0(list integer partition key, embedding float[${DIMENSION}] distance_metric=cosine)`);
    db.exec(`insert into ${tables.vectors}(rowid, list, embedding) select id, list, embedding from moved; drop table moved;`);
    const queries = vectors(20, 41);
    const before = await Promise.all(queries.map((vector) => dense(index, vector)));
    const rowsBefore = listState(db, generation).rows;

    EmbeddedIndex.ensureTables(db, generation, DIMENSION);
    const sql = (db.prepare(`select sql from sqlite_master where name = ?`).get(tables.vectors) as { sql: string }).sql;
    expect(sql).toContain(`chunk_size=${VECTOR_CHUNK}`);
    expect(listState(db, generation).rows).toEqual(rowsBefore);
    const reopened = new EmbeddedIndex(db, generation, identity, options);
    expect(await Promise.all(queries.map((vector) => dense(reopened, vector)))).toEqual(before);
    // Opened again, it is left as it is: no row is written.
    const changes = () => (db.prepare('select total_changes() as n').get() as { n: number }).n;
    const first = changes();
    EmbeddedIndex.ensureTables(db, generation, DIMENSION);
    expect(changes()).toBe(first);
    db.close();
  });
});

describe('embedded index: lexical search with a broad filter', () => {
  // Varied term frequencies and lengths, so BM25 scores differ; 2,500 chunks make the filters "broad".
  const points = vectors(2500, 3).map((vector, index) => {
    const text = `${'kiln '.repeat(1 + (index % 7))}${index % 9 === 0 ? 'ember ' : ''}${index % 4 === 1 ? 'glost '.repeat(1 + (index % 3)) : ''}batch ${index}`;
    const folder = index % 10 === 3 ? 'hidden/' : 'open/';
    return { ...point(`doc${index}`, 'c0', text, { path: `${folder}doc${index}.md`, file_type: index % 20 === 0 ? 'pdf' : 'markdown' }), vector };
  });
  let db: Db;
  let generation: string;
  let index: EmbeddedIndex;

  beforeAll(async () => {
    ({ db, generation, index } = await indexOf(points));
  });

  /** The filtered top `limit` by checking the filter on every matching chunk: what the index must equal. */
  function everyMatchChecked(text: string, keep: string, limit: number): { id: string; score: number }[] {
    const { fts, chunks } = generationTables(generation);
    const rows = db
      .prepare(
        `select c.id as id, -bm25(${fts}, 2, 1, 1.0) as score from ${fts} f join ${chunks} c on c.rowid = f.rowid
         where ${fts} match ? and ${keep} order by score desc limit ?`,
      )
      .all(text, limit) as { id: string; score: number }[];
    return rows;
  }

  it('returns exactly the filtered ranking, without checking the filter on every match', async () => {
    const access = { excludeFolders: [{ root: null, folder: 'hidden/' }], excludeDocIds: [] };
    const cases: [QueryFilter, string][] = [
      [{ fileTypes: ['markdown'] }, "c.file_type = 'markdown'"],
      [{ sourceTypes: ['document'], access }, "c.source_type = 'document' and substr(c.path, 1, 7) != 'hidden/'"],
    ];
    for (const [filter, keep] of cases) {
      for (const text of ['ember', 'glost ember', 'glost kiln']) {
        const hits = await index.query({ ...query(text), mode: 'lexical', limit: 50, candidates: 50, filter });
        const expected = everyMatchChecked([...new Set(tokenize(text))].map((term) => `"${ftsTerm(term)}"`).join(' OR '), keep, 50);
        expect(hits.length).toBe(50);
        expect(hits.map((hit) => hit.lexical!.toPrecision(9))).toEqual(expected.map((row) => row.score.toPrecision(9)));
        // Ties aside, the same chunks.
        const cut = expected.at(-1)!.score;
        expect(new Set(hits.filter((hit) => hit.lexical! > cut + 1e-9).map((hit) => hit.id))).toEqual(
          new Set(expected.filter((row) => row.score > cut + 1e-9).map((row) => row.id)),
        );
        expect(hits.every((hit) => !hit.payload.path.startsWith('hidden/') || !('access' in filter))).toBe(true);
      }
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../lib/db';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import { generationTables } from '../../../lib/vector-index/embedded-schema';
import { createGeneration } from '../../../lib/vector-index/generations';
import type { IndexPoint } from '../../../lib/vector-index/types';
import { tempDir } from '../../helpers/temp';
import { CORPUS, IDENTITY, point, query } from './behaviour';

const OPTIONS = { titleWeight: 2, headingWeight: 1.5, probes: 4 };
const QUERIES = ['paid vacation days', 'hotel cap per night', 'password portal', 'gloves', 'lunch', 'meeting room app'];

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function open(dir = tempDir(), generation?: string): { db: Db; index: EmbeddedIndex; dir: string } {
  const db = openDatabase(dir);
  opened.push(db);
  const name = generation ?? createGeneration(db, 'embedded', IDENTITY, 'serving').name;
  EmbeddedIndex.ensureTables(db, name, IDENTITY.dimension);
  return { db, index: new EmbeddedIndex(db, name, IDENTITY, OPTIONS), dir };
}

async function fill(index: EmbeddedIndex, points: IndexPoint[] = CORPUS): Promise<void> {
  for (const docId of new Set(points.map((item) => item.payload.doc_id))) {
    await index.writeDocument({ docId, upsert: points.filter((item) => item.payload.doc_id === docId), updatePayload: [], delete: [] });
  }
}

/** A document edited back and forth: each version's chunk replaces the other's. */
async function churn(index: EmbeddedIndex, times: number): Promise<void> {
  const original = CORPUS.find((item) => item.payload.doc_id === 'expenses')!;
  const edited = point('expenses', 'c0-edited', 'The hotel cap is 180 EUR per night in capitals; meals up to 50 EUR a day.', { title: 'Expenses' });
  for (let round = 0; round < times; round += 1) {
    const [from, to] = round % 2 === 0 ? [original, edited] : [edited, original];
    await index.writeDocument({ docId: 'expenses', upsert: [to], updatePayload: [], delete: [from.id] });
  }
}

const lexicalScores = async (index: EmbeddedIndex) =>
  Promise.all(QUERIES.map(async (text) => (await index.query(query(text, { mode: 'lexical' }))).map((hit) => [hit.id, Number(hit.score.toFixed(9))])));

/** Makes a generation's term table as indexes before 2026-12-05 had it: contentless, rows deleted without their values. */
function useContentlessLayout(db: Db, generation: string): void {
  const { fts, vocabulary } = generationTables(generation);
  db.exec(`drop table ${vocabulary}; drop table ${fts};
    create virtual table ${fts} using fts5(title, heading, body, tokenize='ascii', content='', contentless_delete=1);
    create virtual table ${vocabulary} using fts5vocab(${fts}, 'row');`);
}

const layout = (db: Db, generation: string) =>
  (db.prepare('select sql from sqlite_master where name = ?').get(generationTables(generation).fts) as { sql: string }).sql;

describe('the embedded index’s terms', () => {
  it('keep BM25’s statistics exact however often a document changes', async () => {
    const churned = open();
    await fill(churned.index);
    await churn(churned.index, 20);
    const fresh = open();
    await fill(fresh.index);
    expect(await lexicalScores(churned.index)).toEqual(await lexicalScores(fresh.index));
  });

  it('are rebuilt from an older contentless table, whose statistics had grown with every change', async () => {
    const old = open();
    useContentlessLayout(old.db, old.index.generation);
    await fill(old.index);
    await churn(old.index, 20);
    const fresh = open();
    await fill(fresh.index);
    const expected = await lexicalScores(fresh.index);
    expect(await lexicalScores(old.index), 'the contentless table counts deleted rows').not.toEqual(expected);

    const progress: [number, number][] = [];
    expect(await old.index.rebuildTerms({ onProgress: (done, total) => progress.push([done, total]), batchSize: 3 })).toBe(CORPUS.length);
    expect(progress).toEqual([
      [0, 7],
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    expect(layout(old.db, old.index.generation)).not.toMatch(/contentless/);
    expect(await lexicalScores(old.index)).toEqual(expected);
    expect((await old.index.termStatistics(['hotel'])).frequencies.get('hotel')).toBe(1);
  });

  it('take in chunks written and deleted while they are rebuilt, and serve another connection across the swap', async () => {
    const writer = open();
    await fill(writer.index);
    const reader = open(writer.dir, writer.index.generation);
    const before = await reader.index.query(query('hotel cap', { mode: 'lexical' }));
    expect(before[0]!.payload.doc_id).toBe('expenses');

    const added = point('parking', 'c0', 'Bicycles are parked in the courtyard behind the hotel.', { title: 'Parking' });
    // A reviewed answer edited in place keeps its id (it is named by its question) and, as the last row, its rowid.
    const edited = { ...CORPUS[6]!, text: 'Q: How do I book a meeting room? A: Ask reception for a room key.' };
    let wrote = false;
    await writer.index.rebuildTerms({
      batchSize: 2,
      onProgress: (done) => {
        if (done < CORPUS.length || wrote) return;
        wrote = true;
        // Every chunk is copied: one goes, one is edited in place, a new one arrives.
        void writer.index.writeDocument({ docId: 'vacation', upsert: [], updatePayload: [], delete: [CORPUS[0]!.id] });
        void writer.index.writeDocument({
          docId: 'curated-1',
          upsert: [{ ...edited, payload: { ...edited.payload, text_hash: 'edited' } }],
          updatePayload: [],
          delete: [],
        });
        void writer.index.writeDocument({ docId: 'parking', upsert: [added], updatePayload: [], delete: [] });
      },
    });
    expect(wrote).toBe(true);
    const fresh = open();
    await fill(fresh.index, [...CORPUS.slice(1, 6), edited, added]);
    expect(await lexicalScores(reader.index)).toEqual(await lexicalScores(fresh.index));
    expect((await reader.index.query(query('reception', { mode: 'lexical' }))).map((hit) => hit.id)).toEqual([edited.id]);
    expect(await reader.index.query(query('Perch', { mode: 'lexical' })), 'the edited answer’s old words').toEqual([]);
    expect((await reader.index.query(query('bicycles courtyard', { mode: 'lexical' })))[0]!.id).toBe(added.id);
  });

  it('are left as they were, with no unfinished table, when the rebuild fails', async () => {
    const { db, index } = open();
    await fill(index);
    const expected = await lexicalScores(index);
    await expect(
      index.rebuildTerms({
        batchSize: 2,
        onProgress: (done) => {
          if (done >= 4) throw new Error('database or disk is full');
        },
      }),
    ).rejects.toThrow('database or disk is full');
    expect(db.prepare("select count(*) as n from sqlite_master where name like '%\\_next%' escape '\\'").get()).toEqual({ n: 0 });
    expect(await lexicalScores(index)).toEqual(expected);
  });

  it('are left as they were when the rebuild is stopped', async () => {
    const { db, index } = open();
    await fill(index);
    const expected = await lexicalScores(index);
    let batches = 0;
    expect(await index.rebuildTerms({ batchSize: 2, shouldStop: () => (batches += 1) > 2 })).toBeNull();
    expect(db.prepare("select count(*) as n from sqlite_master where name like '%\\_next%' escape '\\'").get()).toEqual({ n: 0 });
    expect(await lexicalScores(index)).toEqual(expected);
  });
});

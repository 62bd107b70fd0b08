import { describe, expect, it } from 'vitest';
import { openDatabase, statementCache } from '../../../lib/db';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import { generationTables } from '../../../lib/vector-index/embedded-schema';
import { createGeneration } from '../../../lib/vector-index/generations';
import { TermFrequencies } from '../../../lib/vector-index/term-frequencies';
import { tempDir } from '../../helpers/temp';
import { IDENTITY, point } from './behaviour';

/** An index whose chunks all hold "everywhere", a few "seldom"; and a TermFrequencies that records which terms it counted. */
async function setUp() {
  const db = openDatabase(tempDir());
  const generation = createGeneration(db, 'embedded', IDENTITY, 'serving').name;
  EmbeddedIndex.ensureTables(db, generation, IDENTITY.dimension);
  const index = new EmbeddedIndex(db, generation, IDENTITY, { titleWeight: 2, headingWeight: 1, probes: 4 });
  let written = 0;
  const write = async (chunks: number, text: string) => {
    const doc = `doc${written}`;
    const upsert = Array.from({ length: chunks }, (_, n) => point(doc, `c${n}`, `${text} filler${n % 7}`));
    written += chunks;
    await index.writeDocument({ docId: doc, upsert, delete: [], updatePayload: [] });
  };
  const sql = statementCache(db);
  const counted: string[][] = [];
  // Records the terms of every vocabulary look-up, then runs it.
  const recording = ((text: string) => {
    const statement = sql(text);
    return { all: (terms: string) => (counted.push(JSON.parse(terms) as string[]), statement.all(terms)) };
  }) as unknown as ReturnType<typeof statementCache>;
  const frequencies = new TermFrequencies(recording, generationTables(generation));
  return { write, frequencies, counted, size: () => written };
}

describe('TermFrequencies', () => {
  it('remembers the counts of common terms while the index stays within 1% of its size, and counts rare and new terms every time', async () => {
    const { write, frequencies, counted, size } = await setUp();
    for (let n = 0; n < 12; n++) await write(100, n < 3 ? 'everywhere seldom' : 'everywhere');
    expect(frequencies.of(['everywher', 'seldom', 'nowher'], size())).toEqual(
      new Map([
        ['everywher', 1200],
        ['seldom', 300],
      ]),
    );
    expect(counted.at(-1)).toEqual(['everywher', 'seldom', 'nowher']);

    // Ten more chunks (under 1%): the common count is remembered; the rare and the unknown are counted again and seen at once.
    await write(10, 'everywhere seldom nowhere');
    expect(frequencies.of(['everywher', 'seldom', 'nowher'], size())).toEqual(
      new Map([
        ['everywher', 1200],
        ['seldom', 310],
        ['nowher', 10],
      ]),
    );
    expect(counted.at(-1)).toEqual(['seldom', 'nowher']);

    // Past 1% the common term is counted again.
    await write(10, 'everywhere');
    expect(frequencies.of(['everywher'], size()).get('everywher')).toBe(1220);
    expect(counted.at(-1)).toEqual(['everywher']);
  });
});

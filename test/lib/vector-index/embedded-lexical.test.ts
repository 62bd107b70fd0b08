import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/db';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import { RARE_BUDGET, RARE_SHARE, planLexical } from '../../../lib/vector-index/embedded-lexical';
import { createGeneration } from '../../../lib/vector-index/generations';
import type { IndexPoint, QueryFilter, ScoredPoint } from '../../../lib/vector-index/types';
import { ftsTerm, tokenize } from '../../../lib/text/tokenize';
import { tempDir } from '../../helpers/temp';
import { IDENTITY, point, query } from './behaviour';

/** Enough that a filter keeping two thirds is broad (more than the 1,500 chunks searched exactly). */
const CHUNKS = 2400;
/** Sixty made-up words, the first in about 1% of chunks, the last in about 30%: rare, middling and common terms. */
const WORDS = Array.from({ length: 60 }, (_, n) => `w${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))}q`);
const share = (n: number) => 0.01 * Math.pow(30, n / (WORDS.length - 1));

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 4294967296;
}

function corpus(): IndexPoint[] {
  const random = seeded(11);
  return Array.from({ length: CHUNKS }, (_, index) => {
    const words = WORDS.flatMap((word, n) => (random() < share(n) ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => word) : []));
    const doc = `doc${Math.floor(index / 24)}`;
    const fileType = Math.floor(index / 24) % 3 === 0 ? 'pdf' : 'markdown';
    return point(doc, `c${index}`, `${words.join(' ')} filler`, { file_type: fileType, chunk_index: index % 24 });
  });
}

async function indexes() {
  const db = openDatabase(tempDir());
  const generation = createGeneration(db, 'embedded', IDENTITY, 'serving').name;
  EmbeddedIndex.ensureTables(db, generation, IDENTITY.dimension);
  const options = { titleWeight: 2, headingWeight: 1, probes: 4 };
  // The same tables, read two ways: split above 10 possible matches, and always exact.
  const split = new EmbeddedIndex(db, generation, IDENTITY, { ...options, exactLexicalMatches: 10 });
  const exact = new EmbeddedIndex(db, generation, IDENTITY, { ...options, exactLexicalMatches: Infinity });
  const points = corpus();
  for (let first = 0; first < CHUNKS; first += 24) {
    const upsert = points.slice(first, first + 24);
    await split.writeDocument({ docId: upsert[0]!.payload.doc_id, upsert, delete: [], updatePayload: [] });
  }
  return { split, exact };
}

const ranking = (points: ScoredPoint[]) => points.map((item) => [item.id, Number(item.lexical!.toFixed(9))]);

describe('embedded lexical search: rare terms everywhere, common ones where a rare one matched', () => {
  let split: EmbeddedIndex;
  let exact: EmbeddedIndex;
  beforeAll(async () => {
    ({ split, exact } = await indexes());
  });

  it('plans an exact ranking for small indexes and splits large ones by term frequency', () => {
    const frequencies = new Map([
      ['rare', 40],
      ['common', 30_000],
      ['also', 20_000],
    ]);
    expect(planLexical(['rare', 'common', 'absent'], frequencies, 15_000)).toEqual({ kind: 'exact', terms: ['rare', 'common'] });
    const plan = planLexical(['rare', 'common', 'also', 'absent'], frequencies, 100_000);
    expect(plan).toMatchObject({ kind: 'split', rare: ['rare'], common: ['common', 'also'] });
    expect(plan.kind === 'split' && plan.commonBound).toBeCloseTo(2.2 * (Math.log(70_000.5 / 30_000.5) + Math.log(80_000.5 / 20_000.5)), 9);
    // Nothing rare to start from: every term is scored everywhere.
    expect(planLexical(['common', 'also'], frequencies, 100_000).kind).toBe('exact');
  });

  it('returns the exact BM25 ranking, scores included, whenever common terms cannot outrank the last candidate', async () => {
    const random = seeded(5);
    let compared = 0;
    for (let n = 0; n < 60; n++) {
      const words = Array.from({ length: 4 }, () => WORDS[Math.floor(random() * WORDS.length)]!);
      const frequencies = (await exact.termStatistics(tokenize(words.join(' ')))).frequencies;
      const plan = planLexical([...new Set(tokenize(words.join(' ')).map(ftsTerm))], frequencies, CHUNKS, 10);
      const ask = (index: EmbeddedIndex, filter?: QueryFilter) =>
        index.query(query(words.join(' '), { mode: 'lexical', vector: null, candidates: 20, limit: 20, filter }));
      for (const filter of [undefined, { fileTypes: ['markdown'] }]) {
        const want = await ask(exact, filter);
        // Chunks with only common terms are left out: exact only when they cannot reach the last candidate.
        if (plan.kind === 'split' && want.length === 20 && plan.commonBound >= want[19]!.lexical!) continue;
        expect(ranking(await ask(split, filter))).toEqual(ranking(want));
        if (plan.kind === 'split') compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('ranks chunks with only common words when too few hold a rare one, and ranks a narrow filter exactly', async () => {
    // One word in about 1% of the chunks (24 here) and three in about 30%: 50 candidates need the common ones.
    const text = [WORDS[0], WORDS[57], WORDS[58], WORDS[59]].join(' ');
    const ask = (index: EmbeddedIndex, filter?: QueryFilter) => index.query(query(text, { mode: 'lexical', vector: null, candidates: 50, limit: 50, filter }));
    const want = await ask(exact);
    expect(want).toHaveLength(50);
    expect(ranking(await ask(split))).toEqual(ranking(want));
    // A document none of whose chunks holds the rare word still has its common-word matches ranked.
    const rareDocs = new Set(want.filter((item) => item.text.includes(WORDS[0]!)).map((item) => item.payload.doc_id));
    const other = want.find((item) => !rareDocs.has(item.payload.doc_id))!.payload.doc_id;
    const narrow: QueryFilter = { docIds: [other] };
    const narrowWant = await ask(exact, narrow);
    expect(narrowWant.length).toBeGreaterThan(0);
    expect(ranking(await ask(split, narrow))).toEqual(ranking(narrowWant));
  });

  it('keeps rare and common apart at RARE_SHARE of the chunks', () => {
    const frequencies = new Map([
      ['edge', RARE_SHARE * 1_000_000],
      ['above', RARE_SHARE * 1_000_000 + 1],
    ]);
    expect(planLexical(['edge', 'above'], frequencies, 1_000_000)).toMatchObject({ rare: ['edge'], common: ['above'] });
  });

  it('takes the rarest terms as rare only while their matches add up to RARE_BUDGET, so a large index scores about as many chunks as a small one', () => {
    const frequencies = new Map([
      ['first', 0.4 * RARE_BUDGET],
      ['second', 0.5 * RARE_BUDGET],
      ['third', 0.2 * RARE_BUDGET],
      ['common', 20 * RARE_BUDGET],
    ]);
    // All three are under RARE_SHARE of a million chunks; together they would score 1.1 budgets.
    expect(planLexical(['first', 'second', 'third', 'common'], frequencies, 1_000_000)).toMatchObject({
      kind: 'split',
      rare: ['third', 'first'],
      common: ['second', 'common'],
    });
    // The rarest term is rare even past the budget, while it is under RARE_SHARE.
    const alone = new Map([
      ['wide', 2 * RARE_BUDGET],
      ['common', 20 * RARE_BUDGET],
    ]);
    expect(planLexical(['wide', 'common'], alone, 1_000_000)).toMatchObject({ rare: ['wide'], common: ['common'] });
  });
});

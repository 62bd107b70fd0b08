import { describe, expect, it } from 'vitest';
import { computeSignals } from '../../../lib/answer/confidence';
import type { Draft } from '../../../lib/answer/generate';
import { queryStatistics } from '../../../lib/answer/evidence';
import type { VectorIndex } from '../../../lib/vector-index/types';
import { searchResult } from '../../helpers/search-result';

// The passage's word coverage counted only as far as the index knows the question's words: an out-of-index question
// names a thing no document does, while its other words may still be found in some passage.

const draft: Draft = { text: 'x', citations: [], abstained: false, sentences: [], answerBody: 'The museum opens at nine.', model: 'extractive' };
const signalsFor = (terms: string[], unseen: Set<string>) =>
  computeSignals({
    terms,
    idf: new Map(terms.map((term) => [term, 1])),
    unseen,
    questionVector: new Float32Array([1, 0]),
    answerVector: null,
    results: [searchResult('The museum opens at nine.')],
    draft,
    language: 'en',
  });

describe('confidence signals', () => {
  it('discounts the passage coverage by the share of the question terms the index has never seen', () => {
    const known = signalsFor(['museum', 'open', 'kloroplast'], new Set());
    const unknown = signalsFor(['museum', 'open', 'kloroplast'], new Set(['kloroplast']));
    expect(known.lexical_coverage).toBeCloseTo(2 / 3);
    expect(unknown.lexical_coverage).toBeCloseTo(2 / 3);
    expect(known.known_coverage).toBeCloseTo(2 / 3);
    expect(unknown.known_coverage).toBeCloseTo(4 / 9);
  });

  it("weighs the answerer's score of its quote, kept within 0 and 1, and does not mark down a generated answer", () => {
    const quoted = (score: number) =>
      computeSignals({
        terms: ['museum', 'open'],
        idf: new Map([
          ['museum', 1],
          ['open', 1],
        ]),
        questionVector: new Float32Array([1, 0]),
        answerVector: null,
        results: [searchResult('The museum opens at nine.')],
        draft: { ...draft, checks: { typeFit: 1, complete: 1, score } },
        language: 'en',
      }).quote_score;
    expect(quoted(0.42)).toBeCloseTo(0.42);
    expect(quoted(1.07)).toBe(1);
    expect(quoted(-0.2)).toBe(0);
    expect(signalsFor(['museum', 'open'], new Set()).quote_score).toBe(1);
  });

  it('reads the terms the index has never seen from its term statistics', async () => {
    const index = { termStatistics: async () => ({ chunks: 10, frequencies: new Map([['museum', 3]]) }) } as unknown as VectorIndex;
    const { idf, unseen } = await queryStatistics(index, ['museum', 'kloroplast', 'museum']);
    expect([...unseen]).toEqual(['kloroplast']);
    expect(idf.get('kloroplast')!).toBeGreaterThan(idf.get('museum')!);
  });
});

import { describe, expect, it } from 'vitest';
import { RELEVANCE_FLOOR, STRONG_EVIDENCE, relevantPassage } from '../../../lib/answer/evidence';
import { tokenize } from '../../../lib/text/tokenize';
import { searchResult } from '../../helpers/search-result';

const passage = (text: string, dense: number) => searchResult(text, { path: 'yuan.md', dense, lexical: 1 });

// The question's four content words, of equal weight: a passage holding two of them covers half the question.
const terms = tokenize('Kublai extend Grand Canal');
const idf = new Map(terms.map((term) => [term, 1]));
const half = 'Kublai Khan ruled from Beijing, which he called Khanbaliq, and the canal ran there.';

describe('how strongly a passage bears on a request the classifier took for trivia', () => {
  it('counts words and meaning together: half the words and a fair likeness is enough, either alone is not', () => {
    expect(terms).toHaveLength(4);
    expect(relevantPassage(passage(half, 0.45), terms, idf, STRONG_EVIDENCE)).toBe(true);
    expect(relevantPassage(passage(half, 0.3), terms, idf, STRONG_EVIDENCE)).toBe(false);
    expect(relevantPassage(passage('The Yuan dynasty moved its capital north.', 0.5), terms, idf, STRONG_EVIDENCE)).toBe(false);
  });

  it('still takes strong words or strong meaning alone, and a floor without a joint level keeps to its two', () => {
    expect(relevantPassage(passage('Kublai extended the Grand Canal to Beijing.', 0.1), terms, idf, STRONG_EVIDENCE)).toBe(true);
    expect(relevantPassage(passage('The emperor had the waterway lengthened.', 0.6), terms, idf, STRONG_EVIDENCE)).toBe(true);
    expect(relevantPassage(passage('The Yuan dynasty moved its capital north.', 0.4), terms, idf, RELEVANCE_FLOOR)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { askingTerms } from '../../../lib/answer/question-type';
import { tokenize } from '../../../lib/text/tokenize';

const term = (word: string) => tokenize(word, 'en')[0]!;

describe('the words that ask', () => {
  it('are the word after "how" when it asks for a degree, not a word "how" introduces', () => {
    expect(askingTerms('How long is sick leave paid?').has(term('long'))).toBe(true);
    expect(askingTerms('How often is the fire alarm tested?').has(term('often'))).toBe(true);
    // doc2dial: "I need help with understanding how financial aid works." asks about financial aid.
    expect(askingTerms('I need help with understanding how financial aid works.').has(term('financial'))).toBe(false);
    expect(askingTerms('How VA education benefits work for survivors').has(term('va'))).toBe(false);
  });
});

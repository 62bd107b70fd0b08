import { describe, expect, it } from 'vitest';
import { ftsTerm, termFrequencies, tokenize } from '../../../lib/text/tokenize';

describe('tokenize', () => {
  it('lowercases, drops stop words and stems with Porter', () => {
    expect(tokenize('How do I reset my Passwords?')).toEqual(['reset', 'password']);
    expect(tokenize('The policies were running')).toEqual(['polici', 'run']);
  });

  it('keeps numbers and drops possessive s', () => {
    expect(tokenize("Lena's 25 days, 2026")).toEqual(['lena', '25', 'dai', '2026']);
  });

  it('folds Latin diacritics so accented and plain spellings match', () => {
    expect(tokenize('café résumé')).toEqual(tokenize('cafe resume'));
  });

  it('keeps marks of other scripts and splits unspaced scripts into bigrams', () => {
    expect(tokenize('東京タワー')).toEqual(['東京', '京タ', 'タワ', 'ワー']);
    expect(tokenize('नमस्ते')).toEqual(['नमस्ते']);
  });

  it('counts term frequencies', () => {
    expect(termFrequencies(['a', 'b', 'a'])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('encodes non-ASCII terms so FTS5 cannot split them', () => {
    expect(ftsTerm('password')).toBe('password');
    expect(ftsTerm('東京')).toMatch(/^x[0-9a-f]+$/);
    expect(ftsTerm('東京')).not.toBe(ftsTerm('京タ'));
  });
});

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

  it('reads a unit or currency the same written out, abbreviated or run into its number', () => {
    expect(tokenize('How much do I get per kilometre?')).toEqual(['per', 'km']);
    expect(tokenize('0.30 EUR per km')).toEqual(['0', '30', 'eur', 'per', 'km']);
    expect(tokenize('kilometers')).toEqual(['km']);
    expect(tokenize('25km 16GB 2.5hrs 24hr')).toEqual(['25', 'km', '16', 'gb', '2', '5', 'hour', '24', 'hour']);
    expect(tokenize('three hours')).toEqual(['three', 'hour']);
    expect(tokenize('three hrs')).toEqual(['three', 'hour']);
    expect(tokenize('12 euros')).toEqual(['12', 'eur']);
    expect(tokenize('12 EUR')).toEqual(['12', 'eur']);
    expect(tokenize('two gigabytes, five kilograms')).toEqual(['two', 'gb', 'five', 'kg']);
    // Names that only look like a number and a unit stay whole; so do abbreviations that mean something else.
    expect(tokenize('mp3 h264 x86 ipv6 5min minimum')).toEqual(['mp3', 'h264', 'x86', 'ipv6', '5min', 'minimum']);
    expect(tokenize('Ask HR; see the KB article on TB')).toEqual(['ask', 'hr', 'see', 'kb', 'articl', 'tb']);
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

import { stemmer } from 'stemmer';

// One tokenizer for every lexical signal (the embedded FTS5 index, Qdrant's sparse BM25 vectors,
// the answer checks), so a term means the same thing wherever it is counted.

// Lucene's English stop set, question words that carry no topic, and the words of how questions
// are asked ("how many days do I get?"): in a small knowledge base the latter are rare enough to
// outweigh the topic in BM25.
const STOPWORDS = new Set(
  `a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with what which who whom how do does did i my me we our you your can could should would has have had been were from its
   many much get gets got getting please`.split(/\s+/),
);

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
// Scripts written without spaces: index overlapping character bigrams instead of "words".
const UNSPACED = /[\u30FC\u3005\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const LATIN_MARKS = /(?<=\p{Script=Latin})\p{Mn}+/gu;
const ASCII_TERM = /^[a-z0-9]+$/;

function foldLatinDiacritics(text: string): string {
  return text.normalize('NFKD').replace(LATIN_MARKS, '').normalize('NFC');
}

function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length <= 1) return chars;
  const out: string[] = [];
  for (let index = 0; index + 1 < chars.length; index += 1) out.push(chars[index]! + chars[index + 1]!);
  return out;
}

function splitMixed(word: string): string[] {
  // "東京tower" → ["東京", "tower"]: unspaced and spaced scripts tokenized by their own rule.
  const parts: string[] = [];
  let current = '';
  let currentUnspaced: boolean | null = null;
  for (const char of word) {
    const unspaced = UNSPACED.test(char);
    if (currentUnspaced !== null && unspaced !== currentUnspaced) {
      parts.push(current);
      current = '';
    }
    current += char;
    currentUnspaced = unspaced;
  }
  if (current) parts.push(current);
  return parts;
}

/** Lowercased, diacritic-folded (Latin only), stop-word-free, Porter-stemmed terms, in order. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  const folded = foldLatinDiacritics(text.toLowerCase());
  for (const match of folded.matchAll(WORD)) {
    const word = match[0].replace(/['’]s$/u, '').replace(/['’]/gu, '');
    for (const part of splitMixed(word)) {
      if (UNSPACED.test(part)) {
        terms.push(...bigrams(part));
        continue;
      }
      if (STOPWORDS.has(part)) continue;
      if (part.length === 1 && !/\p{N}/u.test(part)) continue;
      terms.push(part.length > 2 && /^[a-z]+$/.test(part) ? stemmer(part) : part);
    }
  }
  return terms;
}

/** Term frequencies of a token list. */
export function termFrequencies(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * FTS5's `ascii` tokenizer splits on anything that is not [a-z0-9], so a term in another
 * script is stored as its UTF-8 hex under an `x` prefix: FTS5 then never re-tokenizes our terms.
 */
export function ftsTerm(term: string): string {
  return ASCII_TERM.test(term) ? term : `x${Buffer.from(term, 'utf8').toString('hex')}`;
}

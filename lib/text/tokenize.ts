import { stemmer } from 'stemmer';
import { languageProfile } from './language-profiles';

// One tokenizer for every lexical signal (the embedded FTS5 index, Qdrant's sparse BM25 vectors,
// the answer checks), so a term means the same thing wherever it is counted.

/**
 * The version of `tokenize`'s output. An index keeps the terms it was written with, so a change to
 * what any text tokenizes to must bump this: Docent then re-reads the stored chunks' terms
 * (ingest/retokenize.ts) instead of matching new query terms against old ones.
 * test/lib/text/tokenizer-version.test.ts fails until the version and its fingerprint move together.
 */
export const TOKENIZER_VERSION = 7;

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
// Marks a reader may leave out (é, ü, ά): folded after stemming, as the stemmers expect them (Turkish folds first: language-profiles.ts).
const FOLDED_MARKS = /(?<=[\p{Script=Latin}\p{Script=Greek}])\p{Mn}+/gu;
// Languages read word by word with ICU's dictionary (Intl.Segmenter) instead of character bigrams.
const WORD_SEGMENTED: Record<string, Intl.Segmenter> = { th: new Intl.Segmenter('th', { granularity: 'word' }) };
// Languages whose accents distinguish words (Vietnamese tones: "bàn" table, "bán" sell): never folded.
const KEEPS_ACCENTS = new Set(['vi']);
const ASCII_TERM = /^[a-z0-9]+$/;
// Units and currencies written out or abbreviated ("per kilometre" asked, "0.30 EUR per km" written):
// English stems folded to the abbreviation. Only abbreviations that mean little else in a handbook: "min" is also
// minimum, "mi" and "pound" are ambiguous, "$" is everywhere in code, "HR" is human resources (so only "hrs" and
// "24hr" are hours), "KB" a knowledge-base article and "TB" tuberculosis.
const UNIT_FOLDS = new Map([
  ['kilometr', 'km'],
  ['kilomet', 'km'],
  ['kilogram', 'kg'],
  ['euro', 'eur'],
  ['megabyt', 'mb'],
  ['gigabyt', 'gb'],
]);
// Abbreviations read before stemming, which would make "hrs" the "hr" of human resources.
const ABBREVIATIONS = new Map([['hrs', 'hour']]);
const NUMBER_UNIT = /^([0-9]+)(km|kg|kb|mb|gb|tb|hrs?|eur)$/;

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

function unspacedTerms(part: string, language: string | undefined): string[] {
  const segmenter = language ? WORD_SEGMENTED[language] : undefined;
  if (!segmenter) return bigrams(part);
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(part)) if (isWordLike) words.push(segment);
  return words;
}

/** Terms of a language with a stemmer of its own: read as the language folds it, stop words out, stemmed, then accents folded. */
function stemmedTerms(text: string, language: string, out: string[]): void {
  const profile = languageProfile(language)!;
  // Composed first: text from a PDF or a Mac may spell "й" or "ά" as a letter and a mark, which a stemmer or a cut to
  // the first letters would read as two letters.
  for (const match of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    // Elisions are words of their own: "l'information" → "l", "information".
    for (const word of match[0].split(/['’]/u)) {
      for (const part of splitMixed(word)) {
        if (UNSPACED.test(part)) {
          out.push(...unspacedTerms(part, language));
          continue;
        }
        const word = profile.fold(part);
        if (profile.stopwords.has(word)) continue;
        if (word.length === 1 && !/\p{N}/u.test(word)) continue;
        out.push(profile.stem(word).normalize('NFKD').replace(FOLDED_MARKS, '').normalize('NFC'));
      }
    }
  }
}

/**
 * Index terms of a text in `language` (ISO 639-1; the question's or the chunk's): lowercased,
 * stop words out, stemmed (Porter for English and text of no known language, Snowball for the
 * languages it covers, cut to five letters in Turkish, Greek and Russian: language-profiles.ts),
 * accents folded; scripts written without spaces as character bigrams.
 */
export function tokenize(text: string, language?: string): string[] {
  const terms: string[] = [];
  if (language && language !== 'en' && languageProfile(language)) {
    stemmedTerms(text, language, terms);
    return terms;
  }
  const folded = language && KEEPS_ACCENTS.has(language) ? text.toLowerCase().normalize('NFC') : foldLatinDiacritics(text.toLowerCase());
  for (const match of folded.matchAll(WORD)) {
    const word = match[0].replace(/['’]s$/u, '').replace(/['’]/gu, '');
    for (const part of splitMixed(word)) {
      if (UNSPACED.test(part)) {
        terms.push(...unspacedTerms(part, language));
        continue;
      }
      if (STOPWORDS.has(part)) continue;
      if (part.length === 1 && !/\p{N}/u.test(part)) continue;
      const joined = NUMBER_UNIT.exec(part);
      if (joined) {
        const unit = joined[2]!.startsWith('hr') ? 'hour' : joined[2]!;
        terms.push(joined[1]!, UNIT_FOLDS.get(unit) ?? unit);
        continue;
      }
      const term = ABBREVIATIONS.get(part) ?? (part.length > 2 && /^[a-z]+$/.test(part) ? stemmer(part) : part);
      terms.push(UNIT_FOLDS.get(term) ?? term);
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

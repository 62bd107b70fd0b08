import { stemmer as arabic } from '@orama/stemmers/arabic';
import { stemmer as armenian } from '@orama/stemmers/armenian';
import { stemmer as bulgarian } from '@orama/stemmers/bulgarian';
import { stemmer as danish } from '@orama/stemmers/danish';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as finnish } from '@orama/stemmers/finnish';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as greek } from '@orama/stemmers/greek';
import { stemmer as hungarian } from '@orama/stemmers/hungarian';
import { stemmer as hindi } from '@orama/stemmers/indian';
import { stemmer as indonesian } from '@orama/stemmers/indonesian';
import { stemmer as irish } from '@orama/stemmers/irish';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as lithuanian } from '@orama/stemmers/lithuanian';
import { stemmer as nepali } from '@orama/stemmers/nepali';
import { stemmer as norwegian } from '@orama/stemmers/norwegian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as romanian } from '@orama/stemmers/romanian';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as serbian } from '@orama/stemmers/serbian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';
import { stemmer as tamil } from '@orama/stemmers/tamil';
import { stemmer as ukrainian } from '@orama/stemmers/ukrainian';
import { stopwords as arabicStop } from '@orama/stopwords/arabic';
import { stopwords as armenianStop } from '@orama/stopwords/armenian';
import { stopwords as bulgarianStop } from '@orama/stopwords/bulgarian';
import { stopwords as danishStop } from '@orama/stopwords/danish';
import { stopwords as dutchStop } from '@orama/stopwords/dutch';
import { stopwords as finnishStop } from '@orama/stopwords/finnish';
import { stopwords as frenchStop } from '@orama/stopwords/french';
import { stopwords as germanStop } from '@orama/stopwords/german';
import { stopwords as greekStop } from '@orama/stopwords/greek';
import { stopwords as hungarianStop } from '@orama/stopwords/hungarian';
import { stopwords as hindiStop } from '@orama/stopwords/indian';
import { stopwords as indonesianStop } from '@orama/stopwords/indonesian';
import { stopwords as irishStop } from '@orama/stopwords/irish';
import { stopwords as italianStop } from '@orama/stopwords/italian';
import { stopwords as lithuanianStop } from '@orama/stopwords/lithuanian';
import { stopwords as nepaliStop } from '@orama/stopwords/nepali';
import { stopwords as norwegianStop } from '@orama/stopwords/norwegian';
import { stopwords as portugueseStop } from '@orama/stopwords/portuguese';
import { stopwords as romanianStop } from '@orama/stopwords/romanian';
import { stopwords as russianStop } from '@orama/stopwords/russian';
import { stopwords as serbianStop } from '@orama/stopwords/serbian';
import { stopwords as spanishStop } from '@orama/stopwords/spanish';
import { stopwords as swedishStop } from '@orama/stopwords/swedish';
import { stopwords as tamilStop } from '@orama/stopwords/tamil';
import { stopwords as turkishStop } from '@orama/stopwords/turkish';
import { stopwords as ukrainianStop } from '@orama/stopwords/ukrainian';

// How each language's words become index terms: Snowball stemmers (Turkish: a word's first five
// letters; Greek and Russian: their stems' first five) and stop lists (Orama's ports) by ISO 639-1
// code. English keeps its own rules in tokenize.ts (Porter, a stop list tuned on our evaluations),
// so English figures do not move.

export interface LanguageProfile {
  /** How a lowercased word is read before the stop list and the stemmer see it (Turkish: without marks). */
  fold: (word: string) => string;
  stem: (word: string) => string;
  /** Folded as the words they are compared with. */
  stopwords: ReadonlySet<string>;
}

/**
 * Orama's Bulgarian stemmer throws on many words ("Cannot assign to read only property … of
 * string"; 371 distinct words of XQuAD's Russian, which ELD sometimes reads as Bulgarian): a word
 * a stemmer cannot stem is indexed as it is rather than failing the document or the question.
 */
const safely =
  (stem: (word: string) => string) =>
  (word: string): string => {
    try {
      return stem(word);
    } catch {
      return word;
    }
  };

/**
 * Question words and their inflected forms that Orama's stop lists lack (German has "was" and "wie" but not "wann",
 * "wer" or "warum"; Turkish has "ne" but not "nedir", "neyi" or "kaç"), with a few forms of words the lists hold
 * ("wurde" beside "würde", "viele" beside "viel"). In a question they name what is asked, not what it is about, so
 * they weigh on retrieval and on the coverage the confidence check reads as if the documents had to hold them, as
 * English's own list (tokenize.ts) already knows.
 */
const QUESTION_WORDS: Record<string, string> = {
  ar: 'لماذا',
  de:
    'wann wer wen wem wessen warum wieso weshalb weswegen woher wohin womit wodurch wofür wovon worauf worin woran ' +
    'worüber wozu wieviel wieviele dass wurde wurden worden viele vielen',
  el: 'τι ποιος ποιες ποιον ποιου ποιας ποιων πότε πού πώς πόσα πόσες πόσοι πόσο πόση πόσων γιατί',
  es: 'porqué',
  hi: 'क्या कब कहाँ कहां कैसे कितने कितनी क्यों किसने किसका किसकी किसके',
  ro: 'câți câtă',
  ru: 'какое какие каких каком какую каким сколько почему кого кому',
  tr:
    'nedir neydi neyi neye neyin neyle neler nelerdir nelerdi neleri nelere nelerin nereden nerededir neresi neresidir ' +
    'kimdir kimdi kimin kimler kimlerdir kimleri kimlerin kiminle hangisi hangisidir hangileri hangisinin hangisine ' +
    'hangisini kaç kaçta kaçıncı kaçtır',
};

/**
 * The first letters of what `stem` makes of a word. Turkish words are their first five letters rather than Snowball
 * stems: a Turkish word carries a chain of suffixes the stemmer reduces only in part ("üniversitesinde" gives
 * "üniversite" but "üniversite" gives "üniversi"; "gelişmiştir" "geliş" but "gelişme" "gelişme"), and five letters are
 * what Turkish retrieval studies found works as well as a full morphological analysis (Can et al., "Information
 * retrieval on Turkish texts", JASIST 2008). Greek and Russian stems cut to five letters found the right passage more
 * often too. Each was measured against the plain stems on XQuAD's calibration half and kept where it won
 * (docs/benchmarks.md). A word with a digit ("ISO27001", an IBAN) or in another script (an English word in Russian
 * text) keeps its whole stem: five letters would make it another's.
 */
const firstLetters =
  (length: number, stem: (word: string) => string, script: RegExp) =>
  (word: string): string => {
    const stemmed = stem(word);
    return /\p{N}/u.test(word) || !script.test(word) ? stemmed : Array.from(stemmed).slice(0, length).join('');
  };
const asWritten = (word: string) => word;
/**
 * Turkish read without marks, dotless ı as i: a capital I lowercases to i and İ to i with a combining dot (JavaScript's
 * lowercasing is not Turkish), and a reader on another keyboard types "isik" for "ışık", so all spellings meet.
 */
const turkishFold = (word: string) =>
  word
    .normalize('NFKD')
    .replace(/\p{Mn}+/gu, '')
    .replace(/ı/gu, 'i');

/**
 * Each language's stemmer (Snowball's, but for Turkish, and cut short for Greek and Russian), stop list and, where the
 * language wants one, how a word is folded before both (else it is read as written), by ISO 639-1 code.
 */
const STEMMERS: Record<string, [stem: (word: string) => string, stopwords: string[], fold?: (word: string) => string]> = {
  ar: [arabic, arabicStop],
  hy: [armenian, armenianStop],
  bg: [bulgarian, bulgarianStop],
  da: [danish, danishStop],
  nl: [dutch, dutchStop],
  fi: [finnish, finnishStop],
  fr: [french, frenchStop],
  de: [german, germanStop],
  el: [firstLetters(5, greek, /\p{Script=Greek}/u), greekStop],
  hu: [hungarian, hungarianStop],
  hi: [hindi, hindiStop],
  id: [indonesian, indonesianStop],
  ga: [irish, irishStop],
  it: [italian, italianStop],
  lt: [lithuanian, lithuanianStop],
  ne: [nepali, nepaliStop],
  no: [norwegian, norwegianStop],
  nb: [norwegian, norwegianStop],
  pt: [portuguese, portugueseStop],
  ro: [romanian, romanianStop],
  ru: [firstLetters(5, russian, /\p{Script=Cyrillic}/u), russianStop],
  sr: [serbian, serbianStop],
  es: [spanish, spanishStop],
  sv: [swedish, swedishStop],
  ta: [tamil, tamilStop],
  tr: [firstLetters(5, asWritten, /\p{Script=Latin}/u), turkishStop, turkishFold],
  uk: [ukrainian, ukrainianStop],
};

const profileOf = (language: string, stem: (word: string) => string, stopwords: string[], fold = asWritten): LanguageProfile => ({
  fold,
  stem: safely(stem),
  stopwords: new Set([...stopwords, ...(QUESTION_WORDS[language]?.split(' ') ?? [])].map(fold)),
});

const built = new Map<string, LanguageProfile | null>();

/** The stemmer and stop words of a language, or null when we have none for it (English keeps tokenize.ts's own). */
export function languageProfile(language: string | undefined): LanguageProfile | null {
  if (!language) return null;
  let found = built.get(language);
  if (found === undefined) {
    const entry = STEMMERS[language];
    found = entry ? profileOf(language, ...entry) : null;
    built.set(language, found);
  }
  return found;
}

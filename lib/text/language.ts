import { DocentError } from '../errors';
import { isEnglishPiece, isPlainEnglish, nothingForeignIn } from './plain-english';

// The language of a document, a chunk or a question, as an ISO 639-1 code ('und' when the text
// says too little). ELD's smallest database: measured on XQuAD's questions it names the language
// of 93–100% of them (Hindi loses most, to Marathi), within a point of its larger databases,
// for 60 MB of memory instead of 200. It loads when a text first needs it: plain English documents
// and Chinese, Japanese or Korean scripts do not (documentLanguage, chunkLanguages), so a watcher
// indexing English documents and a web server nobody has asked yet never hold it.

export const UNDETERMINED = 'und';
const ENGLISH = 'en';

/** Whether text of this language (undefined: not known) is read by the English rules: tokenize's Porter path, the answer's cues. */
export const readAsEnglish = (language: string | undefined): language is undefined | 'en' | 'und' =>
  language === undefined || language === ENGLISH || language === UNDETERMINED;

type Detector = (typeof import('eld/extrasmall'))['eld'];
let detector: Detector | null = null;
let loading: Promise<Detector> | null = null;

/** Loads the language detector, once per process. Questions need it (languageAmong, mayBeIn weigh its scores). */
export async function loadLanguageDetector(): Promise<void> {
  loading ??= import('eld/extrasmall').then(
    (module) => module.eld,
    (error: unknown) => {
      loading = null; // the next text that needs it tries again
      throw error;
    },
  );
  detector = await loading;
}

/** Whether this process has loaded the detector (for tests and memory figures). */
export function languageDetectorLoaded(): boolean {
  return detector !== null;
}

/** A synchronous function needed the detector before anyone loaded it: a caller skipped loadLanguageDetector. */
export class LanguageDetectorNotLoadedError extends DocentError {
  constructor() {
    super('language_detector_not_loaded', 'The language detector was used before it was loaded (call loadLanguageDetector first).');
  }
}

function eld(): Detector {
  if (!detector) throw new LanguageDetectorNotLoadedError();
  return detector;
}

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/gu;
const LETTER = /\p{L}/gu;
// Enough of a document to name its language; detection time grows with the text.
const SAMPLE_CHARS = 4000;
// Shorter than this, a Latin-script question ("kubectl apply") is too little to move off the default.
const MIN_LETTERS = 12;

/** Chinese, Japanese and Korean by their scripts: ELD reads Chinese with Latin names in it as German. */
function byScript(text: string): string | null {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return null;
  if (KANA.test(text)) return 'ja';
  const han = text.match(HAN)?.length ?? 0;
  if (han / letters >= 0.3) return 'zh';
  if ((text.match(HANGUL)?.length ?? 0) / letters >= 0.3) return 'ko';
  return null;
}

export interface DetectedLanguage {
  language: string;
  /** Whether the detector is sure: a short or mixed text may name a language by chance. */
  reliable: boolean;
}

const readAs = (detected: DetectedLanguage, fallback: string) => (detected.reliable ? detected.language : fallback);

const sampleOf = (text: string) => (text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text);

/** What a text is read as without the detector, if its script or length settles it. */
function withoutDetector(sample: string): DetectedLanguage | null {
  const script = byScript(sample);
  if (script) return { language: script, reliable: true };
  if ((sample.match(LETTER)?.length ?? 0) < MIN_LETTERS) return { language: UNDETERMINED, reliable: false };
  return null;
}

/**
 * A document's language (`ofDocument` undefined) or a chunk's, where plain English, the script or the
 * length settles it; null when the detector must read it. Plain English is told apart this way in
 * documents and chunks only: a question is too short for it ("Was dachte Doctor Who 2005, in welchem
 * Zustand sein Heimatplanet sei?" passes).
 */
function settledLanguage(text: string, ofDocument: string | undefined): string | null {
  const sample = sampleOf(text);
  if (ofDocument === undefined ? isPlainEnglish(sample) : ofDocument === ENGLISH && isEnglishPiece(sample)) return ENGLISH;
  const settled = withoutDetector(sample);
  return settled && readAs(settled, ofDocument ?? UNDETERMINED);
}

/**
 * Whether questions are read in an index that holds English alone (or nothing yet). Every question is then searched
 * in English whatever it is written in, and only the language Docent replies in is in doubt: a question with nothing
 * of another language in it (nothingForeignIn) is replied to in English without the detector, whose n-gram tables
 * would cost the web server 60–85 MB for the rest of its life.
 */
export const englishIndex = (indexed: readonly string[] | undefined) =>
  indexed !== undefined && (indexed.length === 0 || (indexed.length === 1 && indexed[0] === ENGLISH));

/** What a question asked of an index in `indexed` (undefined: unknown) is read as without the detector, if it can be (its script, its length, or English; englishIndex). */
function questionWithoutDetector(sample: string, indexed: readonly string[] | undefined): DetectedLanguage | null {
  return withoutDetector(sample) ?? (englishIndex(indexed) && nothingForeignIn(sample) ? { language: ENGLISH, reliable: true } : null);
}

/**
 * Loads the detector unless these questions are asked of an English index and each is read without it. An index in
 * other languages always needs it: languageAmong weighs its scores for a question too short to name ("VPN?").
 */
export async function loadLanguageDetectorFor(questions: readonly string[], indexed: readonly string[] | undefined): Promise<void> {
  if (!englishIndex(indexed) || questions.some((question) => questionWithoutDetector(sampleOf(question), indexed) === null)) await loadLanguageDetector();
}

/** The language a question or other text is written in; `indexed`: the languages of the index a question is asked of. */
export function detectLanguage(text: string, indexed?: readonly string[]): DetectedLanguage {
  const sample = sampleOf(text);
  const settled = questionWithoutDetector(sample, indexed);
  if (settled) return settled;
  const result = eld().detect(sample);
  if (!result.language) return { language: UNDETERMINED, reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}

/** The language to read a text in: the detected one when the detector is sure, else `fallback`. */
export function languageOf(text: string, fallback = UNDETERMINED, indexed?: readonly string[]): string {
  return readAs(detectLanguage(text, indexed), fallback);
}

/** A document's language, loading the detector only when the text needs it. */
export async function documentLanguage(text: string): Promise<string> {
  const settled = settledLanguage(text, undefined);
  if (settled !== null) return settled;
  await loadLanguageDetector();
  return languageOf(text);
}

/**
 * Each chunk's language: its own when the detector is sure of it (a German section in an English
 * manual), else its document's. Nothing in a chunk of an English document saying it is in another
 * language settles it as English: the detector, unsure of most short pieces, would fall back to the
 * document's language anyway.
 */
export async function chunkLanguages(texts: readonly string[], ofDocument: string): Promise<string[]> {
  const settled = texts.map((text) => settledLanguage(text, ofDocument));
  if (settled.includes(null)) await loadLanguageDetector();
  return settled.map((language, index) => language ?? languageOf(texts[index]!, ofDocument));
}

/**
 * The language to search for a question in, among the languages the index holds: the detected one
 * when it is sure and the index has it, else the index's language the detector rates highest. A
 * question can only match documents in the index, and short or name-laden questions fool the
 * detector ("Wann startete Sky Digital?" reads as English, Hindi as Marathi, Greek with "Lady Gaga"
 * as nothing): read in a language the index lacks, its terms would match nothing.
 */
export function languageAmong(text: string, indexed: readonly string[], fallback = UNDETERMINED): string {
  const detected = detectLanguage(text, indexed);
  if (indexed.length === 0) return detected.reliable ? detected.language : fallback;
  // The index holding the language the detector leans to confirms it, sure or not.
  if (indexed.includes(detected.language) || byScript(text)) return detected.language;
  // An index in one language is read in it (the scores below could only pick it).
  if (indexed.length === 1) return indexed[0]!;
  const scores = (text.match(LETTER)?.length ?? 0) > 0 ? eld().detect(sampleOf(text)).getScores() : {};
  let best: string | null = null;
  for (const language of indexed) if ((scores[language] ?? 0) > 0 && (best === null || scores[language]! > scores[best]!)) best = language;
  return best ?? (detected.reliable ? detected.language : fallback);
}

/**
 * Whether a text may be in one of `languages` ('all': any): a text of no clear language may, and so
 * may one whose detected language only narrowly beats one of them ("will it rain in Berlin
 * tomorrow?" rates German 0.68, English 0.65).
 */
export function mayBeIn(text: string, languages: 'all' | readonly string[], indexed?: readonly string[]): boolean {
  if (languages === 'all') return true;
  const detected = detectLanguage(text, indexed);
  if (!detected.reliable || languages.includes(detected.language)) return true;
  if (byScript(text)) return false;
  const scores = eld().detect(sampleOf(text)).getScores();
  const top = scores[detected.language] ?? 0;
  return languages.some((language) => (scores[language] ?? 0) >= 0.9 * top);
}

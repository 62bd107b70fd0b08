import { eld } from 'eld/extrasmall';

// The language of a document, a chunk or a question, as an ISO 639-1 code ('und' when the text
// says too little). ELD's smallest database: measured on XQuAD's questions it names the language
// of 93–100% of them (Hindi loses most, to Marathi), within a point of its larger databases,
// for 60 MB of memory instead of 200.

export const UNDETERMINED = 'und';

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

/** The language a text is written in. */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const script = byScript(sample);
  if (script) return { language: script, reliable: true };
  if ((sample.match(LETTER)?.length ?? 0) < MIN_LETTERS) return { language: UNDETERMINED, reliable: false };
  const result = eld.detect(sample);
  if (!result.language) return { language: UNDETERMINED, reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}

/** The language to read a text in: the detected one when the detector is sure, else `fallback`. */
export function languageOf(text: string, fallback = UNDETERMINED): string {
  const detected = detectLanguage(text);
  return detected.reliable ? detected.language : fallback;
}

/**
 * The language to search for a question in, among the languages the index holds: the detected one
 * when it is sure and the index has it, else the index's language the detector rates highest. A
 * question can only match documents in the index, and short or name-laden questions fool the
 * detector ("Wann startete Sky Digital?" reads as English, Hindi as Marathi, Greek with "Lady Gaga"
 * as nothing): read in a language the index lacks, its terms would match nothing.
 */
export function languageAmong(text: string, indexed: readonly string[], fallback = UNDETERMINED): string {
  const detected = detectLanguage(text);
  if (indexed.length === 0) return detected.reliable ? detected.language : fallback;
  // The index holding the language the detector leans to confirms it, sure or not.
  if (indexed.includes(detected.language) || byScript(text)) return detected.language;
  const scores = (text.match(LETTER)?.length ?? 0) > 0 ? eld.detect(text.slice(0, SAMPLE_CHARS)).getScores() : {};
  let best: string | null = null;
  for (const language of indexed) if ((scores[language] ?? 0) > 0 && (best === null || scores[language]! > scores[best]!)) best = language;
  // Too short to rate ("VPN"): an index in one language is read in it.
  return best ?? (indexed.length === 1 ? indexed[0]! : detected.reliable ? detected.language : fallback);
}

/**
 * Whether a text may be in one of `languages` ('all': any): a text of no clear language may, and so
 * may one whose detected language only narrowly beats one of them ("will it rain in Berlin
 * tomorrow?" rates German 0.68, English 0.65).
 */
export function mayBeIn(text: string, languages: 'all' | readonly string[]): boolean {
  if (languages === 'all') return true;
  const detected = detectLanguage(text);
  if (!detected.reliable || languages.includes(detected.language)) return true;
  if (byScript(text)) return false;
  const scores = eld.detect(text.slice(0, SAMPLE_CHARS)).getScores();
  const top = scores[detected.language] ?? 0;
  return languages.some((language) => (scores[language] ?? 0) >= 0.9 * top);
}

import type { ReasonCode } from '../lib/registry';
import { textAmount } from '../lib/text/text-amount';
import type { ExtractedDocument } from './extracted-document';

export interface GateOptions {
  minTextChars: number;
  maxTextChars: number;
  /** Largest tolerated share of replacement, control, private-use and unassigned characters. */
  garbledMaxBadRatio: number;
  /** Smallest tolerated share of whitespace-separated tokens that look like words or numbers. */
  garbledMinWordRatio: number;
}

export type GateVerdict = { pass: true } | { pass: false; reason: ReasonCode; detail: string };

const BAD_CHAR = /[\uFFFD\p{Co}\p{Cn}]|[\p{Cc}--[\t\n\r]]/gv;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/gu;
const LATIN_WORD = /^\p{Script=Latin}{4,}$/u;
const VOWEL = /[aeiouy]/;
// Dot leaders and rules ("Contents . . . . 12", "-----") are layout, not garble.
const LEADER = /^[.\-_·•…–—=*~]+$/u;

function fraction(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

/** Signals behind the garbled-text gate, exposed for tests and the status detail. */
export function garbleSignals(text: string) {
  const visible = text.replace(/\s+/g, '');
  const bad = visible.match(BAD_CHAR)?.length ?? 0;
  const tokens = text.split(/\s+/).filter((token) => token && !LEADER.test(token));
  let wordlike = 0;
  let latinWords = 0;
  let voweless = 0;
  for (const token of tokens) {
    const letters = token.match(WORD_CHAR)?.length ?? 0;
    if (letters > 0 && letters / Array.from(token).length >= 0.5) wordlike += 1;
    const bare = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (LATIN_WORD.test(bare)) {
      latinWords += 1;
      const folded = bare.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      if (!VOWEL.test(folded)) voweless += 1;
    }
  }
  return {
    badRatio: fraction(bad, visible.length),
    wordRatio: tokens.length === 0 ? 1 : wordlike / tokens.length,
    latinWords,
    vowelessRatio: fraction(voweless, latinWords),
  };
}

/**
 * Quality gates: a document that fails one is quarantined with the reason and never partly
 * indexed. Thresholds come from config (DOCENT_MIN_TEXT_CHARS, DOCENT_GARBLED_*).
 */
export function checkQuality(document: ExtractedDocument, options: GateOptions): GateVerdict {
  const visibleChars = document.text.replace(/\s+/g, '').length;
  // Compared as an amount of text: a Japanese page of 8 characters says as much as 24 Latin letters.
  const amount = textAmount(document.text);
  if (amount < options.minTextChars && document.ocr) {
    return {
      pass: false,
      reason: 'ocr_no_text',
      detail: `OCR read ${visibleChars === 0 ? 'no text' : `only ${visibleChars} characters`} on its ${document.ocr.pages} page${document.ocr.pages === 1 ? '' : 's'} (mean confidence ${document.ocr.meanConfidence}%; the minimum is ${options.minTextChars} characters).`,
    };
  }
  if (amount < options.minTextChars) {
    const pages = document.pageCount ?? 0;
    const detail =
      document.fileType === 'pdf' && pages > 0 && document.emptyPages === pages
        ? `No text layer on any of its ${pages} page${pages === 1 ? '' : 's'}: it looks scanned (image-only).`
        : `Only ${visibleChars} characters of text (the minimum is ${options.minTextChars}, DOCENT_MIN_TEXT_CHARS).`;
    return { pass: false, reason: 'empty_text', detail };
  }
  if (document.text.length > options.maxTextChars) {
    return {
      pass: false,
      reason: 'oversize',
      detail: `${document.text.length} characters of text, over the ${options.maxTextChars} limit (DOCENT_MAX_TEXT_CHARS).`,
    };
  }
  const signals = garbleSignals(document.text);
  if (signals.badRatio > options.garbledMaxBadRatio) {
    return {
      pass: false,
      reason: 'garbled_text',
      detail: `${(signals.badRatio * 100).toFixed(1)}% of its characters are replacement, control or unmapped glyphs (a broken font encoding?).`,
    };
  }
  if (signals.wordRatio < options.garbledMinWordRatio) {
    return { pass: false, reason: 'garbled_text', detail: `Only ${(signals.wordRatio * 100).toFixed(0)}% of its tokens look like words or numbers.` };
  }
  if (signals.latinWords >= 20 && signals.vowelessRatio > 0.5) {
    return {
      pass: false,
      reason: 'garbled_text',
      detail: `${(signals.vowelessRatio * 100).toFixed(0)}% of its words have no vowel (shifted or substituted glyphs?).`,
    };
  }
  return { pass: true };
}

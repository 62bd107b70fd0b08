// Han, kana and Hangul: one such character carries about what a short Latin word does.
const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const DENSE_WEIGHT = 3;

/**
 * How much text there is, for the thresholds that decide whether a page has a usable text layer
 * and whether a document has enough text: visible characters, where a Chinese, Japanese or Korean
 * character counts as three. Counted as plain characters, "日本語の文書" (a Japanese document, six
 * characters) would look like a scrap next to "document" and go to OCR, which reads it worse.
 */
export function textAmount(text: string): number {
  const visible = text.replace(/\s+/g, '').length;
  const dense = text.match(DENSE_SCRIPT)?.length ?? 0;
  return visible + dense * (DENSE_WEIGHT - 1);
}

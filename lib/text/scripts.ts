// Chinese, Japanese and Thai put no spaces between words (Korean does, although lexical search reads it by character
// pairs too: lib/text/tokenize.ts). A text in them is measured in characters, not words, and a phrase is found
// inside it without word boundaries.
const WITHOUT_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Whether the text holds a script written without spaces between words. */
export const writtenWithoutSpaces = (text: string): boolean => WITHOUT_SPACES.test(text);

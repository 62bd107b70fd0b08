// Sentences by ICU's rules for the text's language (Intl.Segmenter): it knows 。！？ and the
// Devanagari danda as sentence ends. Thai marks no sentence end at all: a space separates its
// sentences and clauses, but also numbers and foreign words ("ที่คะแนน 308 ได้อันดับ"), so Thai is
// cut at a space only once the piece is sentence-long and the words before it are Thai.
const THAI_SENTENCE_CHARS = 60;
const THAI_WORD_END = /\p{Script=Thai}{4,}$/u;

function thaiSentences(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of text.split(/\s+/).filter(Boolean)) {
    current = current ? `${current} ${piece}` : piece;
    if (current.length >= THAI_SENTENCE_CHARS && THAI_WORD_END.test(piece)) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    const locale = Intl.Segmenter.supportedLocalesOf([language])[0] ?? 'en';
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** The trimmed, non-empty sentences of a paragraph written in `language` (ISO 639-1; English when unknown). */
export function splitIntoSentences(paragraph: string, language = 'en'): string[] {
  const out: string[] = [];
  for (const { segment } of segmenterFor(language === 'und' ? 'en' : language).segment(paragraph)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    if (language === 'th') out.push(...thaiSentences(sentence));
    else out.push(sentence);
  }
  return out;
}

// Sentences by ICU's rules for the text's language (Intl.Segmenter): it knows 。！？ and the
// Devanagari danda as sentence ends. Thai marks no sentence end at all; a space separates its
// sentences and clauses, so Thai is cut at spaces instead.

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
    if (language === 'th') out.push(...sentence.split(/\s+/).filter(Boolean));
    else out.push(sentence);
  }
  return out;
}

/**
 * A page's text as search should see it. Its own module: OCR (on the watcher's main thread) uses it
 * too, and importing it from the PDF extractor would load pdf.js there for one regex chain.
 */
export function cleanPageText(text: string): string {
  return (
    text
      // Soft hyphens and hyphenated line ends split words that search should see whole.
      .replace(/\u00ad/g, '')
      .replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

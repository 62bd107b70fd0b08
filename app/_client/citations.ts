import type { Citation } from '@/lib/answer/events';
import { isMarkdownStored, markdownToPlainText } from '@/lib/render/plain-text';

/** Quotes longer than this are left out of the link (the viewer marks the chunk instead). */
const MAX_LINKED_QUOTE = 1000;

/** Where a citation points, for people: "handbook/safety.pdf · p. 2 · Kiln", or a reviewed answer. */
export function where(citation: Citation): string {
  if (citation.sourceType === 'curated') return 'Reviewed answer';
  return [citation.path, citation.page !== null ? `p. ${citation.page}` : null, citation.heading].filter(Boolean).join(' · ');
}

/** The quoted passage as a reader sees it: Markdown syntax turned into text (the citation keeps the original). */
export function displayQuote(citation: Citation): string {
  return citation.sourceType === 'document' && isMarkdownStored(citation.path) ? markdownToPlainText(citation.quote) : citation.quote;
}

/**
 * Where "Open the source" goes: a PDF opens at its page; anything else opens the viewer with the
 * chunk's range and the quoted sentences, which it marks. A curated answer has no source to open.
 */
export function sourceLink(citation: Citation): string | null {
  if (citation.sourceType === 'curated') return null;
  if (citation.path.toLowerCase().endsWith('.pdf')) return `/api/documents/${citation.docId}/source${citation.page ? `#page=${citation.page}` : ''}`;
  const query = new URLSearchParams({ start: String(citation.charStart), end: String(citation.charEnd) });
  // A quote that is the whole chunk adds nothing to the range.
  if (citation.quote.length < citation.charEnd - citation.charStart) query.set('q', citation.quote.slice(0, MAX_LINKED_QUOTE));
  return `/sources/${citation.docId}?${query}`;
}

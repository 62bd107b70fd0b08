import type { SearchResult } from '../../lib/retrieval';

/** One retrieved passage of `text`, as the answer workflow receives it: a single chunk of one Markdown document. */
export function searchResult(text: string, overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    chunkId: 'c1',
    docId: 'd'.repeat(32),
    root: '/kb',
    path: 'handbook/doc.md',
    title: null,
    page: null,
    heading: null,
    fileType: 'markdown',
    sourceType: 'document',
    charStart: 0,
    charEnd: text.length,
    score: 1,
    dense: null,
    lexical: null,
    text,
    lowConfidence: false,
    language: 'en',
    ...overrides,
  };
}

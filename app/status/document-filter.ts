import type { DocumentStatus } from '@/lib/registry';
import type { DocumentStatusEntry } from '@/lib/status';
import { STATUS_ORDER } from './document-labels';

// What the documents table shows: by status, by the language a document was read in, and by path or title.

export interface DocumentFilter {
  status: DocumentStatus | 'all';
  /** An ISO 639-1 code, 'unknown' (indexed before languages were stored, or too little text), or 'all'. */
  language: string;
  query: string;
}

/** The language a document counts under in the filter. */
export const languageKey = (doc: DocumentStatusEntry): string => (doc.language && doc.language !== 'und' ? doc.language : 'unknown');

/** The languages of the documents, most documents first: the filter is offered only when there are two or more. */
export function documentLanguages(documents: DocumentStatusEntry[]): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const doc of documents) counts.set(languageKey(doc), (counts.get(languageKey(doc)) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The rows to show, problems first, then by path. */
export function filterDocuments(documents: DocumentStatusEntry[], filter: DocumentFilter): DocumentStatusEntry[] {
  const needle = filter.query.trim().toLowerCase();
  return documents
    .filter(
      (doc) =>
        (filter.status === 'all' || doc.status === filter.status) &&
        (filter.language === 'all' || languageKey(doc) === filter.language) &&
        (!needle || doc.path.toLowerCase().includes(needle) || (doc.title ?? '').toLowerCase().includes(needle)),
    )
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.path.localeCompare(b.path));
}

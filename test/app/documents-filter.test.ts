import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { documentLanguages, filterDocuments } from '@/app/status/document-filter';
import { DocumentsTable } from '@/app/status/documents-table';
import type { DocumentStatusEntry } from '@/lib/status';

// The status page's documents table: filtering by the language a document was read in (issue "Documents and
// questions in other languages"), with the status and path filters it already had.

const doc = (path: string, language: string | null, status: DocumentStatusEntry['status'] = 'indexed'): DocumentStatusEntry => ({
  id: path,
  root: '/kb',
  path,
  status,
  reason: status === 'quarantined' ? 'corrupt' : null,
  detail: null,
  title: null,
  file_type: 'md',
  language,
  chunks: 1,
  embedder: null,
  indexed_at: null,
  modified_at: null,
  lag_s: null,
  first_sync: false,
});

const documents = [doc('hr/urlaub.md', 'de'), doc('hr/leave.md', 'en'), doc('it/vpn.md', 'en'), doc('scan.pdf', 'und', 'quarantined'), doc('old.md', null)];

describe('documents table language filter', () => {
  it('counts documents per language, most first, with undetected and older ones as not known', () => {
    expect(documentLanguages(documents)).toEqual([
      { code: 'en', count: 2 },
      { code: 'unknown', count: 2 },
      { code: 'de', count: 1 },
    ]);
  });

  it('keeps only the chosen language, combined with the status and path filters', () => {
    const paths = (filter: Parameters<typeof filterDocuments>[1]) => filterDocuments(documents, filter).map((entry) => entry.path);
    expect(paths({ status: 'all', language: 'de', query: '' })).toEqual(['hr/urlaub.md']);
    expect(paths({ status: 'all', language: 'en', query: 'vpn' })).toEqual(['it/vpn.md']);
    expect(paths({ status: 'all', language: 'unknown', query: '' })).toEqual(['scan.pdf', 'old.md']);
    expect(paths({ status: 'quarantined', language: 'en', query: '' })).toEqual([]);
    expect(paths({ status: 'all', language: 'all', query: '' })).toHaveLength(5);
  });

  it('offers the language choice only when the documents are in more than one language', () => {
    const render = (entries: DocumentStatusEntry[]) =>
      renderToStaticMarkup(createElement(DocumentsTable, { documents: entries, isAdmin: false, onRetried: () => {} }));
    const mixed = render(documents);
    expect(mixed).toContain('data-testid="language-filter"');
    expect(mixed).toContain('German (1)');
    expect(mixed).toContain('All languages (5)');
    expect(render([doc('a.md', 'en'), doc('b.md', 'en')])).not.toContain('language-filter');
  });
});

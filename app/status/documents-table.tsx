import { useMemo, useState } from 'react';
import type { DocumentStatus } from '@/lib/registry';
import type { DocumentStatusEntry } from '@/lib/status';
import { ScrollTable } from '../_client/scroll-table';
import { languageName } from '../_client/format';
import { STATUS_ORDER, STATUS_TEXT } from './document-labels';
import { documentLanguages, filterDocuments } from './document-filter';
import { DocumentRow } from './document-row';

// A long table is cut here until someone asks for all of it: thousands of rows make the page slow.
const ROW_LIMIT = 200;

/** The documents by status (problems first), filtered by status, language, and path or title. */
export function DocumentsTable({
  documents,
  isAdmin,
  onRetried,
}: {
  documents: DocumentStatusEntry[];
  isAdmin: boolean;
  onRetried: (message: string) => void;
}) {
  const [filter, setFilter] = useState<DocumentStatus | 'all'>('all');
  const [query, setQuery] = useState('');
  const [language, setLanguage] = useState('all');
  const [showAll, setShowAll] = useState(false);
  const counts = useMemo(() => {
    const result: Record<string, number> = {};
    for (const doc of documents) result[doc.status] = (result[doc.status] ?? 0) + 1;
    return result;
  }, [documents]);
  const languages = useMemo(() => documentLanguages(documents), [documents]);
  const rows = useMemo(() => filterDocuments(documents, { status: filter, language, query }), [documents, filter, language, query]);
  const shown = showAll ? rows : rows.slice(0, ROW_LIMIT);
  const options: (DocumentStatus | 'all')[] = ['all', ...STATUS_ORDER];
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <div className="row filters">
        <div className="row" role="group" aria-label="Show documents by status">
          {options.map((option) => (
            <button
              key={option}
              type="button"
              className="button"
              aria-pressed={filter === option}
              onClick={() => setFilter(option)}
              data-testid={`filter-${option}`}
            >
              {option === 'all' ? 'All' : STATUS_TEXT[option]} ({option === 'all' ? documents.length : (counts[option] ?? 0)})
            </button>
          ))}
        </div>
        {languages.length > 1 ? (
          <div className="path-filter">
            <label htmlFor="language-filter">Language </label>
            <select id="language-filter" value={language} onChange={(event) => setLanguage(event.target.value)} data-testid="language-filter">
              <option value="all">All languages ({documents.length})</option>
              {languages.map(({ code, count }) => (
                <option key={code} value={code}>
                  {code === 'unknown' ? 'Not known' : languageName(code)} ({count})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="path-filter">
          <label htmlFor="document-filter" className="visually-hidden">
            Filter by path
          </label>
          <input id="document-filter" type="text" placeholder="Filter by path or title" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      </div>
      <ScrollTable
        wide
        testId="documents-table"
        caption={`Documents ${filter === 'all' ? '' : `(${STATUS_TEXT[filter]})`}`}
        columns={['Status', 'Path', 'Reason', 'Detail', 'Lag', 'Chunks', 'Indexed', ...(isAdmin ? ['Action'] : [])]}
      >
        {shown.map((doc) => (
          <DocumentRow key={`${doc.root}/${doc.id}`} doc={doc} isAdmin={isAdmin} onRetried={onRetried} />
        ))}
      </ScrollTable>
      {rows.length === 0 ? <p className="muted">No documents {filter === 'all' ? '' : `with the status ${STATUS_TEXT[filter].toLowerCase()}`}.</p> : null}
      {rows.length > shown.length ? (
        <p className="small">
          Showing {shown.length} of {rows.length}.{' '}
          <button type="button" className="button" onClick={() => setShowAll(true)}>
            Show all
          </button>
        </p>
      ) : null}
    </section>
  );
}

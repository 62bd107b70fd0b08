import type { DocumentStatusEntry } from '@/lib/status';
import { REASON_TEXT, STATUS_TEXT, STATUS_TONE } from './document-labels';
import { duration, languageName, when } from '../_client/format';
import { RetryButton } from './retry-button';

/** One document: its status, where it is, why it is not indexed, and how long indexing took. */
export function DocumentRow({ doc, isAdmin, onRetried }: { doc: DocumentStatusEntry; isAdmin: boolean; onRetried: (message: string) => void }) {
  return (
    <tr data-testid="document-row" data-status={doc.status} data-path={doc.path}>
      <td>
        <span className={`badge ${STATUS_TONE[doc.status]}`}>{STATUS_TEXT[doc.status] ?? doc.status}</span>
      </td>
      <td className="path-cell">
        {doc.status === 'indexed' ? <a href={`/sources/${encodeURIComponent(doc.id)}`}>{doc.path}</a> : <span>{doc.path}</span>}
        <div className="small muted">
          {doc.root}
          {doc.title && doc.title !== doc.path ? ` · ${doc.title}` : ''}
          {doc.language && doc.language !== 'und' ? ` · ${languageName(doc.language)}` : ''}
        </div>
      </td>
      <td>{doc.reason ? (REASON_TEXT[doc.reason] ?? doc.reason) : ''}</td>
      <td className="pre detail-cell">{doc.detail ?? ''}</td>
      <td>{doc.lag_s === null ? '—' : `${doc.status === 'pending' ? 'waiting ' : ''}${duration(doc.lag_s)}`}</td>
      <td>{doc.chunks}</td>
      <td>{when(doc.indexed_at)}</td>
      {isAdmin ? <td>{doc.status === 'quarantined' ? <RetryButton doc={doc} onDone={onRetried} /> : null}</td> : null}
    </tr>
  );
}

import { useState } from 'react';
import type { CuratedAnswer } from '@/lib/answer/curated';
import { request } from '../_client/api';
import { ErrorText } from '../_client/error-text';
import { Time } from '../_client/time';
import { useAction } from '../_client/use-action';
import { CuratedEditor } from './curated-editor';

/** A curated answer: whether it is served, what it is based on, and edit or delete (asking first). */
export function CuratedCard({
  item,
  onSaved,
  onDeleted,
}: {
  item: CuratedAnswer;
  onSaved: (item: CuratedAnswer) => void;
  onDeleted: (item: CuratedAnswer) => void;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const { busy, error, run } = useAction();
  const remove = () =>
    run(async () => {
      await request(`/api/curated/${encodeURIComponent(item.id)}`, { method: 'DELETE' });
      onDeleted(item);
    });
  const stale = item.status === 'stale';
  return (
    <article className="panel curated" data-testid="curated-item" data-question={item.question} data-status={item.status}>
      {mode === 'edit' ? (
        <CuratedEditor
          item={item}
          onSaved={(saved) => {
            setMode('view');
            onSaved(saved);
          }}
          onCancel={() => setMode('view')}
        />
      ) : (
        <>
          <h3 className="question">{item.question}</h3>
          <p className="row small muted meta-line">
            <span className={`badge ${stale ? 'warn' : 'ok'}`} data-testid="curated-status">
              {stale ? 'Source changed' : 'Active'}
            </span>
            <span>
              {item.createdBy ? `By ${item.createdBy} · ` : ''}updated <Time seconds={item.updatedAt} />
            </span>
          </p>
          {stale ? (
            <p className="small">A document this answer was based on changed or went away; it is not served until someone checks it and saves it again.</p>
          ) : null}
          <div className="pre">{item.answer}</div>
          {item.basedOn.length ? <p className="small muted">Based on: {item.basedOn.map((source) => source.path).join(', ')}</p> : null}
          {mode === 'confirm' ? (
            <div className="row confirm" role="group" aria-label="Confirm deletion">
              <span>Delete this answer? It stops being served.</span>
              <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} data-testid="curated-delete-confirm">
                {busy ? 'Deleting…' : 'Yes, delete'}
              </button>
              <button type="button" className="button" onClick={() => setMode('view')} disabled={busy}>
                Keep it
              </button>
            </div>
          ) : (
            <div className="row">
              <button type="button" className="button" onClick={() => setMode('edit')} data-testid="curated-edit">
                Edit
              </button>
              <button type="button" className="button danger" onClick={() => setMode('confirm')} data-testid="curated-delete">
                Delete
              </button>
            </div>
          )}
        </>
      )}
      <ErrorText error={error} next="/review" />
    </article>
  );
}

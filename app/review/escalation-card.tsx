import { useEffect, useState } from 'react';
import type { Escalation } from '@/lib/answer/escalations';
import { RequestError, request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { AskedTimes } from './asked-times';
import { reasonOf } from './escalation-labels';
import { type Mode, type ReviewBody, ReviewEditor } from './review-editor';
import { Sources } from './sources';
import { Time } from './time';
import { ErrorText } from '../_client/error-text';

/** An open escalation: the question, the draft and its sources, and the four review actions. */
export function EscalationCard({
  escalation,
  onDone,
  onEditing,
}: {
  escalation: Escalation;
  onDone: (escalation: Escalation, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const { busy, error, setError, run } = useAction();
  const reason = reasonOf(escalation);
  const headingId = `escalation-${escalation.id}`;
  // An open editor pauses the queue's refresh; a card that goes away releases it.
  useEffect(() => () => onEditing(escalation.id, false), [escalation.id, onEditing]);

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
    onEditing(escalation.id, next !== null);
  };

  const submit = (body: ReviewBody) =>
    run(async () => {
      try {
        await request(`/api/escalations/${encodeURIComponent(escalation.id)}`, { method: 'POST', body });
      } catch (caught) {
        if (!(caught instanceof RequestError && caught.status === 409)) throw caught;
        onEditing(escalation.id, false);
        onDone(escalation, `Someone else already handled “${escalation.question}”. ${caught.message}`);
        return;
      }
      onEditing(escalation.id, false);
      const done = { approve: 'Approved', edit: 'Edited and approved', write: 'Answered', reject: 'Rejected' }[body.action];
      onDone(escalation, `${done}: “${escalation.question}”.`);
    });

  return (
    <article className="panel escalation" aria-labelledby={headingId} data-testid="escalation-item" data-question={escalation.question} data-id={escalation.id}>
      <h3 id={headingId} className="question">
        {escalation.question}
      </h3>
      <p className="row small muted meta-line">
        <span className={`badge ${reason.tone}`} data-testid="escalation-reason">
          {reason.text}
        </span>
        <span>
          Confidence <span data-testid="escalation-score">{escalation.score === null ? '—' : escalation.score.toFixed(2)}</span>
        </span>
        <span>
          Asked <Time seconds={escalation.createdAt} relative />
        </span>
        <AskedTimes askers={escalation.askers} />
      </p>
      <h4>Draft answer</h4>
      {escalation.draft ? (
        <div className="pre draft" data-testid="escalation-draft">
          {escalation.draft}
        </div>
      ) : (
        <p className="muted small">No draft: write an answer or reject the question.</p>
      )}
      <Sources sources={escalation.sources} />
      {mode === null ? (
        <div className="row actions" role="group" aria-label="Review actions">
          <button
            type="button"
            className="button primary"
            disabled={!escalation.draft || busy}
            onClick={() => void submit({ action: 'approve' })}
            data-testid="action-approve"
          >
            {busy ? 'Approving…' : 'Approve'}
          </button>
          <button type="button" className="button" disabled={!escalation.draft || busy} onClick={() => choose('edit')} data-testid="action-edit">
            Edit and approve
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => choose('write')} data-testid="action-write">
            Write an answer
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => choose('reject')} data-testid="action-reject">
            Reject
          </button>
        </div>
      ) : (
        <ReviewEditor
          key={mode}
          mode={mode}
          escalationId={escalation.id}
          initial={mode === 'edit' ? (escalation.draft ?? '') : ''}
          busy={busy}
          onSubmit={(body) => void submit(body)}
          onCancel={() => choose(null)}
        />
      )}
      <ErrorText error={error} next="/review" />
    </article>
  );
}

import type { Escalation } from '@/lib/answer/escalations';
import { ErrorText } from '../_client/error-text';
import { Time } from '../_client/time';
import { AskedTimes } from './asked-times';
import { reasonOf } from './escalation-labels';
import { HandOffForm } from './hand-off-form';
import { type Mode, type ReviewBody, ReviewEditor } from './review-editor';
import { Sources } from './sources';
import { SpaceBadge } from './space-badge';
import type { ReviewItem } from './use-escalations';
import { useQueueItem } from './use-queue-item';

type Action = ReviewBody | { action: 'handoff'; space: string };

export const WITHHELD_DRAFT = 'The draft quotes documents you may not read — write the answer, or hand it to their space.';

/** An open escalation: the question, the draft and its sources, the four review actions, and handing it to another space. */
export function EscalationCard({
  escalation,
  spaces,
  onDone,
  onEditing,
}: {
  escalation: ReviewItem;
  /** Every space's name, to hand the item to one of the others. */
  spaces: string[];
  onDone: (escalation: Escalation, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const { form: mode, choose, busy, error, decide } = useQueueItem<Exclude<Mode, null> | 'handoff'>(escalation.id, onEditing);
  const reason = reasonOf(escalation);
  const headingId = `escalation-${escalation.id}`;
  const others = spaces.filter((name) => name.toLowerCase() !== escalation.space.toLowerCase());

  const submit = (body: Action) =>
    decide(`/api/escalations/${encodeURIComponent(escalation.id)}`, body, (taken) => {
      if (taken !== null) return onDone(escalation, `Someone else already handled “${escalation.question}”. ${taken}`);
      if (body.action === 'handoff') return onDone(escalation, `Handed “${escalation.question}” to the space ${body.space}.`);
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
        <SpaceBadge space={escalation.space} spaces={escalation.spaces} />
      </p>
      <h4>Draft answer</h4>
      {escalation.draftWithheld ? (
        <p className="notice" data-testid="draft-withheld">
          {WITHHELD_DRAFT}
        </p>
      ) : escalation.draft ? (
        <div className="pre draft" data-testid="escalation-draft">
          {escalation.draft}
        </div>
      ) : (
        <p className="muted small">No draft: write an answer or reject the question.</p>
      )}
      {/* Sources this reviewer may not read are left out by the server; "none found" would mislead. */}
      {escalation.draftWithheld && escalation.sources.length === 0 ? null : <Sources sources={escalation.sources} />}
      {mode === null ? (
        <div className="row actions" role="group" aria-label="Review actions">
          {escalation.draftWithheld ? null : (
            <>
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
            </>
          )}
          <button type="button" className="button" disabled={busy} onClick={() => choose('write')} data-testid="action-write">
            Write an answer
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => choose('reject')} data-testid="action-reject">
            Reject
          </button>
          {others.length ? (
            <button type="button" className="button" disabled={busy} onClick={() => choose('handoff')} data-testid="action-handoff">
              Hand to space…
            </button>
          ) : null}
        </div>
      ) : mode === 'handoff' ? (
        <HandOffForm
          escalationId={escalation.id}
          spaces={others}
          busy={busy}
          onSubmit={(space) => void submit({ action: 'handoff', space })}
          onCancel={() => choose(null)}
        />
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

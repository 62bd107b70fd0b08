import type { ReviewDesk } from '@/lib/answer/review-desk';
import { CitationList } from '../_client/citation-list';
import { ErrorText } from '../_client/error-text';
import { Time } from '../_client/time';
import { SpaceBadge } from './space-badge';
import { useQueueItem } from './use-queue-item';
import { type VerdictBody, WrongAnswerForm } from './wrong-answer-form';

type ListedCheck = ReturnType<ReviewDesk['spotChecks']>['checks'][number];

/**
 * A sampled answer as GET /api/spot-checks lists it for this reviewer: `withheld` when it quotes
 * documents they may not read. Without `withheld` it is shown whole, so a check as the store keeps
 * it (what the unit tests render) is one too.
 */
export type SpotCheckItem = Omit<ListedCheck, 'withheld'> & Partial<Pick<ListedCheck, 'withheld'>>;

/** The announcement for a verdict just recorded. */
export function verdictMessage(check: Pick<SpotCheckItem, 'question'>, body: VerdictBody): string {
  if (body.verdict === 'right') return `Marked right: “${check.question}”.`;
  return body.correction ? `Marked wrong and sent the correction: “${check.question}”.` : `Marked wrong: “${check.question}”.`;
}

/** A sampled answered question: the answer as the asker got it, its sources, and Right / Wrong. */
export function SpotCheckCard({
  check,
  onDone,
  onEditing,
}: {
  check: SpotCheckItem;
  onDone: (check: SpotCheckItem, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const { form, choose, busy, error, decide } = useQueueItem<'wrong'>(check.id, onEditing);
  const headingId = `spot-check-${check.id}`;

  const submit = (body: VerdictBody) =>
    decide(`/api/spot-checks/${encodeURIComponent(check.id)}`, body, (taken) =>
      onDone(check, taken === null ? verdictMessage(check, body) : `Someone else already marked “${check.question}”. ${taken}`),
    );

  return (
    <article className="panel escalation" aria-labelledby={headingId} data-testid="spot-check-item" data-question={check.question} data-id={check.id}>
      <h3 id={headingId} className="question">
        {check.question}
      </h3>
      <p className="row small muted meta-line">
        <SpaceBadge space={check.space} />
        <span>
          Answered <Time seconds={check.createdAt} relative />
        </span>
      </p>
      {check.withheld ? (
        <p className="notice" data-testid="spot-check-withheld">
          The answer quotes documents you may not read: an admin, or an owner who may read them, judges it.
        </p>
      ) : (
        <>
          <h4>The answer as given</h4>
          <div className="pre draft" data-testid="spot-check-answer">
            {check.answer}
          </div>
        </>
      )}
      {/* Shown unfolded: judging the answer means reading what it cites. */}
      <CitationList citations={check.citations} label="Its sources" />
      {check.withheld ? null : form === 'wrong' ? (
        <WrongAnswerForm checkId={check.id} busy={busy} onSubmit={(body) => void submit(body)} onCancel={() => choose(null)} />
      ) : (
        <div className="row actions" role="group" aria-label="Was this answer right?">
          <button type="button" className="button primary" disabled={busy} onClick={() => void submit({ verdict: 'right' })} data-testid="spot-check-right">
            {busy ? 'Saving…' : 'Right'}
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => choose('wrong')} data-testid="spot-check-wrong">
            Wrong…
          </button>
        </div>
      )}
      <ErrorText error={error} next="/review" />
    </article>
  );
}

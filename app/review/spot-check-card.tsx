import { useEffect, useState } from 'react';
import type { SpotCheck } from '@/lib/answer/spot-checks';
import { CitationList } from '../_client/citation-list';
import { ErrorText } from '../_client/error-text';
import { useAction } from '../_client/use-action';
import { postDecision } from './decide';
import { SpaceBadge } from './space-badge';
import { Time } from './time';
import { type VerdictBody, WrongAnswerForm } from './wrong-answer-form';

/** The announcement for a verdict just recorded. */
export function verdictMessage(check: Pick<SpotCheck, 'question'>, body: VerdictBody): string {
  if (body.verdict === 'right') return `Marked right: “${check.question}”.`;
  return body.correction ? `Marked wrong and sent the correction: “${check.question}”.` : `Marked wrong: “${check.question}”.`;
}

/** A sampled answered question: the answer as the asker got it, its sources, and Right / Wrong. */
export function SpotCheckCard({
  check,
  onDone,
  onEditing,
}: {
  check: SpotCheck & { withheld?: boolean };
  onDone: (check: SpotCheck, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const [wrong, setWrong] = useState(false);
  const { busy, error, setError, run } = useAction();
  const headingId = `spot-check-${check.id}`;
  // An open form pauses the page's refresh; a card that goes away releases it.
  useEffect(() => () => onEditing(check.id, false), [check.id, onEditing]);

  const openForm = (open: boolean) => {
    setWrong(open);
    setError(null);
    onEditing(check.id, open);
  };

  const submit = (body: VerdictBody) =>
    run(async () => {
      const taken = await postDecision(`/api/spot-checks/${encodeURIComponent(check.id)}`, body);
      onEditing(check.id, false);
      onDone(check, taken === null ? verdictMessage(check, body) : `Someone else already marked “${check.question}”. ${taken}`);
    });

  return (
    <article className="panel escalation" aria-labelledby={headingId} data-testid="spot-check-item" data-question={check.question} data-id={check.id}>
      <h3 id={headingId} className="question">
        {check.question}
      </h3>
      <p className="row small muted meta-line">
        <SpaceBadge space={check.space} spaces={[check.space]} />
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
      {check.withheld ? null : wrong ? (
        <WrongAnswerForm checkId={check.id} busy={busy} onSubmit={(body) => void submit(body)} onCancel={() => openForm(false)} />
      ) : (
        <div className="row actions" role="group" aria-label="Was this answer right?">
          <button type="button" className="button primary" disabled={busy} onClick={() => void submit({ verdict: 'right' })} data-testid="spot-check-right">
            {busy ? 'Saving…' : 'Right'}
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => openForm(true)} data-testid="spot-check-wrong">
            Wrong…
          </button>
        </div>
      )}
      <ErrorText error={error} next="/review" />
    </article>
  );
}

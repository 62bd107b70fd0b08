import { useEffect, useState } from 'react';
import type { SpotCheck } from '@/lib/answer/spot-checks';
import { RequestError, request } from '../_client/api';
import { CitationList } from '../_client/citation-list';
import { ErrorText } from '../_client/error-text';
import { useAction } from '../_client/use-action';
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
  check: SpotCheck;
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
      try {
        await request(`/api/spot-checks/${encodeURIComponent(check.id)}`, { method: 'POST', body });
      } catch (caught) {
        if (!(caught instanceof RequestError && caught.status === 409)) throw caught;
        // Another owner was faster: their verdict stands, and the item is done here too.
        onEditing(check.id, false);
        onDone(check, `Someone else already marked “${check.question}”. ${caught.message}`);
        return;
      }
      onEditing(check.id, false);
      onDone(check, verdictMessage(check, body));
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
      <h4>The answer as given</h4>
      <div className="pre draft" data-testid="spot-check-answer">
        {check.answer}
      </div>
      {/* Shown unfolded: judging the answer means reading what it cites. */}
      <CitationList citations={check.citations} label="Its sources" />
      {wrong ? (
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

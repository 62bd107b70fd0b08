import { useState } from 'react';
import type { Escalation } from '@/lib/answer/escalations';
import { Time } from '../_client/time';
import { AskedTimes } from './asked-times';
import { reasonOf } from './escalation-labels';
import { SpaceBadge } from './space-badge';
import { Trail } from './trail';

/** An answered or rejected escalation, with its review trail on request. */
export function HandledCard({ escalation }: { escalation: Escalation }) {
  const [expanded, setExpanded] = useState(false);
  const reason = reasonOf(escalation);
  const panelId = `trail-${escalation.id}`;
  return (
    <article className="panel escalation" data-testid="handled-item" data-question={escalation.question} data-status={escalation.status}>
      <h3 className="question">{escalation.question}</h3>
      <p className="row small muted meta-line">
        <span className={`badge ${escalation.status === 'answered' ? 'ok' : 'bad'}`} data-testid="handled-outcome">
          {escalation.status === 'answered' ? 'Answered' : escalation.status === 'rejected' ? 'Rejected' : 'Open'}
        </span>
        <span className={`badge ${reason.tone}`}>{reason.text}</span>
        <SpaceBadge space={escalation.space} spaces={escalation.spaces} />
        <span>
          Asked <Time seconds={escalation.createdAt} />
        </span>
        <AskedTimes askers={escalation.askers} />
        <span>
          Handled <Time seconds={escalation.updatedAt} />
        </span>
      </p>
      <button type="button" className="button" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded((value) => !value)}>
        {expanded ? 'Hide the review trail' : 'Show the review trail'}
      </button>
      <div id={panelId} hidden={!expanded}>
        {expanded ? <Trail id={escalation.id} /> : null}
      </div>
    </article>
  );
}

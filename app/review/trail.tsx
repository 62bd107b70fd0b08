import type { EscalationActionRecord } from '@/lib/answer/escalations';
import { ErrorText } from '../_client/error-text';
import { Time } from '../_client/time';
import { useApiData } from '../_client/use-api-data';
import { ACTIONS } from './escalation-labels';

/** Who did what to an escalation, and when (loaded when the trail is opened). */
export function Trail({ id }: { id: string }) {
  const { data, error } = useApiData<{ actions: EscalationActionRecord[] }>(`/api/escalations/${encodeURIComponent(id)}`);
  const actions = data?.actions ?? null;
  if (error) return <ErrorText error={error} next="/review" inline />;
  if (!actions) return <p className="muted small">Loading the review trail…</p>;
  if (actions.length === 0) return <p className="muted small">No recorded actions.</p>;
  return (
    <ol className="trail" data-testid="review-trail">
      {actions.map((action) => (
        <li key={action.id}>
          <div className="small">
            <strong>{ACTIONS[action.action] ?? action.action}</strong> by {action.actor} · <Time seconds={action.createdAt} />
          </div>
          {action.note ? <div className="small pre">Note: {action.note}</div> : null}
          {action.content ? <div className="pre trail-content">{action.content}</div> : null}
        </li>
      ))}
    </ol>
  );
}

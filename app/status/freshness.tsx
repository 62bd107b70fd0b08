import { duration, when } from '../_client/format';
import type { Dashboard } from './use-dashboard';

/** How long changes take to become searchable, and what is waiting. */
export function Freshness({ data }: { data: Dashboard }) {
  const { freshness } = data.report;
  const oldest = data.oldest_pending;
  return (
    <section aria-labelledby="freshness-heading">
      <h2 id="freshness-heading">Freshness</h2>
      <dl className="cards" data-testid="freshness">
        <div className="panel card">
          <dt className="small muted">Lag, median</dt>
          <dd className="value">{duration(freshness.lag_p50_s)}</dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Lag, 95th percentile</dt>
          <dd className="value">{duration(freshness.lag_p95_s)}</dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Waiting / failing jobs</dt>
          <dd className="value">
            {freshness.pending} / {freshness.failing}
          </dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Last indexed</dt>
          <dd className="small">{when(freshness.last_indexed_at)}</dd>
        </div>
      </dl>
      <p className="small" data-testid="oldest-pending">
        {oldest ? (
          <>
            Oldest waiting: <span className="path">{oldest.path}</span>, for {duration(oldest.waiting_s)}.
          </>
        ) : freshness.oldest_pending_age_s !== null ? (
          <>Oldest queued job: waiting for {duration(freshness.oldest_pending_age_s)}.</>
        ) : (
          <span className="muted">Nothing is waiting to be indexed.</span>
        )}
      </p>
    </section>
  );
}

import { duration, when } from '../_client/format';
import type { ReindexState } from './reindex-panel';

/** How the last reindex ended: switched to the new generation, or why not. */
export function ReindexResult({ last }: { last: NonNullable<ReindexState['last']> }) {
  const result = last.result as { swapped?: boolean; generation?: string | null; previous?: string | null; reason?: string; duration_s?: number } | null;
  return (
    <div className="small" data-testid="reindex-last">
      <p>
        Last run started {when(last.started_at)}
        {last.force ? ' (gate skipped)' : ''}:{' '}
        {!result ? (
          <span className="muted">no result recorded; see the log {last.log}.</span>
        ) : result.swapped ? (
          <span>
            <span className="badge ok">switched</span> generation {result.generation ?? '?'} serves
            {result.previous ? ` (was ${result.previous})` : ''}
            {typeof result.duration_s === 'number' ? `, in ${duration(result.duration_s)}` : ''}.
          </span>
        ) : (
          <span>
            <span className="badge bad">not switched</span> {result.reason ?? ''}
          </span>
        )}
      </p>
      {result ? (
        <details>
          <summary>Full result</summary>
          <pre className="pre json">{JSON.stringify(result, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

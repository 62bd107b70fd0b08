import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { errorOf, request } from '../_client/api';
import { ErrorText } from '../_client/error-text';
import { useAction } from '../_client/use-action';
import { when } from '../_client/format';
import { ReindexResult } from './reindex-result';

const REINDEX_POLL_MS = 3_000;

export interface ReindexState {
  running: boolean;
  last: { started_at: string; force: boolean; result: unknown; log: string } | null;
}

/** Starts a reindex (admin) and follows it until it ends; `onFinished` then refreshes the page. */
export function ReindexPanel({ onFinished }: { onFinished: () => void }) {
  const [state, setState] = useState<ReindexState | null>(null);
  const [force, setForce] = useState(false);
  const { busy, error, setError, run } = useAction();
  const wasRunning = useRef(false);

  const load = useCallback(async () => {
    try {
      const next = await request<ReindexState>('/api/reindex');
      setState(next);
      setError(null);
      if (wasRunning.current && !next.running) onFinished();
      wasRunning.current = next.running;
    } catch (caught) {
      setError(errorOf(caught));
    }
  }, [onFinished, setError]);

  useEffect(() => void load(), [load]);
  const running = state?.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), REINDEX_POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const started = await run(async () => {
      const next = await request<ReindexState>('/api/reindex', { method: 'POST', body: { force } });
      wasRunning.current = next.running;
      setState(next);
    });
    if (!started) void load();
  };

  return (
    <section className="panel admin-panel" aria-labelledby="reindex-heading" data-testid="reindex-panel">
      <h2 id="reindex-heading">Reindex</h2>
      <p className="small muted">
        Builds a new generation from the documents, checks it against the evaluation set (the gate) and switches to it if it is at least as good. The current
        generation keeps serving meanwhile.
      </p>
      <p role="status" aria-live="polite" data-testid="reindex-status">
        {state === null ? 'Loading…' : running ? `Running since ${when(state.last?.started_at)}${state.last?.force ? ' (gate skipped)' : ''}…` : 'Not running.'}
      </p>
      {state?.last && !running ? <ReindexResult last={state.last} /> : null}
      <form className="row" onSubmit={(event) => void start(event)}>
        <input
          id="reindex-force"
          type="checkbox"
          checked={force}
          onChange={(event) => setForce(event.target.checked)}
          disabled={running}
          data-testid="reindex-force"
        />
        <label htmlFor="reindex-force" className="inline-label">
          Skip the gate (--force)
        </label>
        <button type="submit" className="button primary" disabled={busy || running || state === null} data-testid="reindex-start">
          {running ? 'Reindexing…' : busy ? 'Starting…' : 'Start a reindex'}
        </button>
      </form>
      <ErrorText error={error} next="/status" />
    </section>
  );
}

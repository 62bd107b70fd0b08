import type { ReactNode } from 'react';
import { useState } from 'react';
import { request } from '../_client/api';
import { useAction } from '../_client/use-action';

/**
 * Removing what a row shows, in two steps: `ask` turns the Remove button into a confirmation, and
 * `remove` DELETEs `url`. A failure goes back to the row's own buttons, with the error beside them.
 */
export function useRemoval(url: string, onRemoved: () => void) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const remove = async () => {
    const removed = await run(async () => {
      await request(url, { method: 'DELETE' });
      onRemoved();
    });
    if (!removed) setConfirming(false);
  };
  return { confirming, ask: () => setConfirming(true), cancel: () => setConfirming(false), remove, busy, error };
}

/** The confirmation step of `useRemoval`, after what removing costs when that needs saying; `labels` name another action (revoking). */
export function ConfirmRemove({
  removal,
  warning,
  labels = { confirm: 'Yes, remove', busy: 'Removing…' },
}: {
  removal: ReturnType<typeof useRemoval>;
  warning?: ReactNode;
  labels?: { confirm: string; busy: string };
}) {
  return (
    <span className="row">
      {warning ? <span className="small muted">{warning}</span> : null}
      <button type="button" className="button danger" onClick={() => void removal.remove()} disabled={removal.busy}>
        {removal.busy ? labels.busy : labels.confirm}
      </button>
      <button type="button" className="button" onClick={removal.cancel} disabled={removal.busy}>
        Cancel
      </button>
    </span>
  );
}

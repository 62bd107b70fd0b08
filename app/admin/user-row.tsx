import { useState } from 'react';
import { request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { when } from '../_client/format';
import type { Account } from './account';
import { ErrorText } from '../_client/error-text';

/** One account, with a remove button that asks first; nobody removes their own account. */
export function UserRow({ account, self, onRemoved }: { account: Account; self: boolean; onRemoved: (email: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const remove = async () => {
    const removed = await run(async () => {
      await request(`/api/users/${encodeURIComponent(account.email)}`, { method: 'DELETE' });
      onRemoved(account.email);
    });
    if (!removed) setConfirming(false);
  };
  return (
    <tr data-testid="user-row" data-email={account.email}>
      <td>
        {account.email}
        {self ? <span className="small muted"> (you)</span> : null}
      </td>
      <td>{account.role}</td>
      <td>{account.groups.length ? account.groups.join(', ') : <span className="muted">none</span>}</td>
      <td>{when(account.created_at)}</td>
      <td>
        {self ? null : confirming ? (
          <span className="row">
            <button type="button" className="button danger" onClick={() => void remove()} disabled={busy}>
              {busy ? 'Removing…' : 'Yes, remove'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="button danger" onClick={() => setConfirming(true)} aria-label={`Remove ${account.email}`}>
            Remove
          </button>
        )}
        <ErrorText error={error} next="/admin" inline />
      </td>
    </tr>
  );
}

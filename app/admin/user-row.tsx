import { ErrorText } from '../_client/error-text';
import { when } from '../_client/format';
import type { Account } from './account';
import { ConfirmRemove, useRemoval } from './confirm-remove';

/** One account, with a remove button that asks first; nobody removes their own account. */
export function UserRow({ account, self, onRemoved }: { account: Account; self: boolean; onRemoved: (email: string) => void }) {
  const removal = useRemoval(`/api/users/${encodeURIComponent(account.email)}`, () => onRemoved(account.email));
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
        {self ? null : removal.confirming ? (
          <ConfirmRemove removal={removal} />
        ) : (
          <button type="button" className="button danger" onClick={removal.ask} aria-label={`Remove ${account.email}`}>
            Remove
          </button>
        )}
        <ErrorText error={removal.error} next="/admin" inline />
      </td>
    </tr>
  );
}

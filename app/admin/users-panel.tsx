import { ErrorText } from '../_client/error-text';
import { useApiData } from '../_client/use-api-data';
import type { Account } from './account';
import { AddUserForm } from './add-user-form';
import { UserRow } from './user-row';

/** The accounts, and a form to add one (admin). */
export function UsersPanel({ email, announce }: { email: string; announce: (message: string) => void }) {
  const { data, error, load } = useApiData<{ users: Account[] }>('/api/users');
  const users = data?.users ?? null;
  return (
    <section className="panel admin-panel" aria-labelledby="users-heading" data-testid="users-panel">
      <h2 id="users-heading">Accounts</h2>
      <ErrorText error={error} next="/admin" />
      {users ? (
        <div className="table-scroll">
          <table data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Groups</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((account) => (
                <UserRow
                  key={account.email}
                  account={account}
                  self={account.email.toLowerCase() === email.toLowerCase()}
                  onRemoved={(removed) => {
                    announce(`Removed the account ${removed}.`);
                    void load();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <AddUserForm
        onAdded={(added) => {
          announce(`Added the account ${added}.`);
          void load();
        }}
      />
    </section>
  );
}

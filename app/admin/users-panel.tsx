import type { Account } from './account';
import { AddUserForm } from './add-user-form';
import { AdminPanel, useAdminList } from './admin-panel';
import { UserRow } from './user-row';

/** The accounts, and a form to add one (admin). */
export function UsersPanel({ email, announce }: { email: string; announce: (message: string) => void }) {
  const { data, error, changed } = useAdminList<{ users: Account[] }>('/api/users', announce);
  return (
    <AdminPanel
      name="users"
      title="Accounts"
      error={error}
      columns={['Email', 'Role', 'Groups', 'Created']}
      rows={
        data?.users.map((account) => (
          <UserRow
            key={account.email}
            account={account}
            self={account.email.toLowerCase() === email.toLowerCase()}
            onRemoved={(removed) => changed(`Removed the account ${removed}.`)}
          />
        )) ?? null
      }
    >
      <AddUserForm onAdded={(added) => changed(`Added the account ${added}.`)} />
    </AdminPanel>
  );
}

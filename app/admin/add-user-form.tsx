import { useState } from 'react';
import { request } from '../_client/api';
import type { Account } from './account';
import { AddForm } from './add-form';

/** A new asker, reviewer or admin account, with its first password and its groups. */
export function AddUserForm({ onAdded }: { onAdded: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Account['role']>('reviewer');
  const [password, setPassword] = useState('');
  const [groups, setGroups] = useState('');
  const add = async () => {
    const names = groups
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    await request('/api/users', { method: 'POST', body: { email: email.trim(), role, password, groups: names } });
    onAdded(email.trim());
    setEmail('');
    setPassword('');
    setGroups('');
    setRole('reviewer');
  };
  return (
    <AddForm title="Add an account" label="Add the account" testId="add-user-form" add={add}>
      <div>
        <label htmlFor="new-user-email">Email</label>
        <input id="new-user-email" type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div>
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as Account['role'])}>
          <option value="asker">Asker (chat only)</option>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <div>
        <label htmlFor="new-user-password">Password</label>
        <input
          id="new-user-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby="new-user-password-hint"
        />
        <p id="new-user-password-hint" className="small muted">
          At least 10 characters.
        </p>
      </div>
      <div>
        <label htmlFor="new-user-groups">Groups</label>
        <input
          id="new-user-groups"
          type="text"
          autoComplete="off"
          value={groups}
          onChange={(event) => setGroups(event.target.value)}
          aria-describedby="new-user-groups-hint"
        />
        <p id="new-user-groups-hint" className="small muted">
          Comma separated, e.g. hr, finance. Spaces name groups as readers or owners.
        </p>
      </div>
    </AddForm>
  );
}

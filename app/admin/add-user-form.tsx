import { useState } from 'react';
import type { Role } from '@/lib/auth/users';
import { request } from '../_client/api';
import { AddForm } from './add-form';
import { parseList } from './space';
import { TextField } from './text-field';

/** A new asker, reviewer or admin account, with its first password and its groups. */
export function AddUserForm({ onAdded }: { onAdded: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const [password, setPassword] = useState('');
  const [groups, setGroups] = useState('');
  const add = async () => {
    await request('/api/users', { method: 'POST', body: { email: email.trim(), role, password, groups: parseList(groups) ?? [] } });
    onAdded(email.trim());
    setEmail('');
    setPassword('');
    setGroups('');
    setRole('reviewer');
  };
  return (
    <AddForm title="Add an account" label="Add the account" testId="add-user-form" add={add}>
      <TextField id="new-user-email" label="Email" type="email" value={email} onChange={setEmail} required />
      <div>
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="asker">Asker (chat only)</option>
          <option value="reviewer">Reviewer</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <TextField
        id="new-user-password"
        label="Password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        value={password}
        onChange={setPassword}
        hint="At least 10 characters."
        required
      />
      <TextField
        id="new-user-groups"
        label="Groups"
        value={groups}
        onChange={setGroups}
        hint="Comma separated, e.g. hr, finance. Spaces name groups as readers or owners."
      />
    </AddForm>
  );
}

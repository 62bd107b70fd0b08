import { describe, expect, it } from 'vitest';
import { UserStore } from '../../../lib/auth/users';
import { openDatabase } from '../../../lib/db';
import { runScript } from '../../helpers/run-script';
import { tempDir } from '../../helpers/temp';

/** Runs scripts/user.ts with `stdin` piped in (where it reads a password from). */
const user = (args: string[], dataDir: string, stdin = '') => runScript('user.ts', args, { DOCENT_DATA_DIR: dataDir }, { stdin });

/** The account as the database holds it, and whether the password signs it in. */
function stored(dataDir: string, email: string, password = '') {
  const db = openDatabase(dataDir);
  try {
    const users = new UserStore(db);
    return { user: users.byEmail(email), verifies: password ? users.verify(email, password) !== null : null };
  } finally {
    db.close();
  }
}

describe('npm run user:add / user:groups', () => {
  it('adds an asker in groups with the password piped on stdin, then replaces the groups', async () => {
    const dataDir = tempDir('docent-user-cli-');
    const added = await user(['add', 'Asker@Northwind.example', '--role', 'asker', '--groups', 'hr,Finance', '--json'], dataDir, 'piped password 1\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json).toEqual({ email: 'asker@northwind.example', role: 'asker', groups: ['hr', 'finance'] });
    expect(added.stderr).toContain('Added asker@northwind.example (asker; groups hr, finance).');
    const afterAdd = stored(dataDir, 'asker@northwind.example');
    expect(afterAdd.user).toMatchObject({ role: 'asker', groups: ['hr', 'finance'] });

    const regrouped = await user(['groups', 'asker@northwind.example', '--groups', ' Legal , hr,,legal', '--json'], dataDir);
    expect(regrouped.code, regrouped.stderr).toBe(0);
    expect(regrouped.json).toEqual({ email: 'asker@northwind.example', role: 'asker', groups: ['legal', 'hr'] });

    const cleared = await user(['groups', 'asker@northwind.example', '--groups', '', '--json'], dataDir);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.json).toMatchObject({ groups: [] });
    const afterClear = stored(dataDir, 'asker@northwind.example', 'piped password 1');
    expect(afterClear.user!.groups).toEqual([]);
    expect(afterClear.verifies).toBe(true);
  });

  it('defaults to the reviewer role with no groups', async () => {
    const dataDir = tempDir('docent-user-cli-');
    const added = await user(['add', 'r@northwind.example', '--json'], dataDir, 'piped password 2\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.json).toEqual({ email: 'r@northwind.example', role: 'reviewer', groups: [] });
  });

  it('refuses an unknown role, an invalid group, an unknown user and a missing --groups, adding nobody', async () => {
    const dataDir = tempDir('docent-user-cli-');
    const role = await user(['add', 'a@northwind.example', '--role', 'owner'], dataDir, 'piped password 3\n');
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('--role must be one of asker, reviewer, admin');

    const group = await user(['add', 'a@northwind.example', '--role', 'asker', '--groups', 'hr,bad/name'], dataDir, 'piped password 3\n');
    expect(group.code).toBe(1);
    expect(group.stderr).toContain('"bad/name" is not a group name');
    expect(stored(dataDir, 'a@northwind.example').user).toBeNull();

    const unknown = await user(['groups', 'nobody@northwind.example', '--groups', 'hr'], dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no user nobody@northwind.example.');

    const missing = await user(['groups', 'a@northwind.example'], dataDir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--groups is required');
    expect(missing.stderr).toContain('npm run user:groups -- <email> --groups a,b');
  });
});

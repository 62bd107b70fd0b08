import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError, UserStore } from '../../../lib/auth/users';
import { type Db, openDatabase } from '../../../lib/db';
import { tempDir } from '../../helpers/temp';

let db: Db;
let users: UserStore;

beforeEach(() => {
  db = openDatabase(tempDir('docent-users-'));
  users = new UserStore(db);
});

afterEach(() => db.close());

describe('UserStore.signInExternal', () => {
  it('creates an account without a usable password, in the initial or the assigned role', () => {
    const user = users.signInExternal('Ada@Northwind.example', ['HR', 'hr'], { initial: 'asker' });
    expect(user).toMatchObject({ email: 'ada@northwind.example', role: 'asker', groups: ['hr'], sessionVersion: 1 });
    const row = db.prepare('select password_hash from users where id = ?').get(user.id) as { password_hash: string };
    expect(users.verify('ada@northwind.example', row.password_hash)).toBeNull();
    expect(users.signInExternal('bo@northwind.example', null, { initial: 'reviewer', assigned: 'admin' })).toMatchObject({ role: 'admin', groups: [] });
  });

  it('replaces the groups of an existing account, keeps its role and password, and sets an assigned role', () => {
    const created = users.create('ada@northwind.example', 'reviewer', 'a long password', ['hr', 'finance']);
    expect(users.signInExternal('ada@northwind.example', ['legal'], { initial: 'asker' })).toMatchObject({
      id: created.id,
      role: 'reviewer',
      groups: ['legal'],
    });
    expect(users.signInExternal('ada@northwind.example', null, { initial: 'asker' })).toMatchObject({
      groups: ['legal'],
      sessionVersion: created.sessionVersion,
    });
    expect(users.verify('ada@northwind.example', 'a long password')).not.toBeNull();
    // A role change ends older sessions, as setRole does.
    expect(users.signInExternal('ada@northwind.example', [], { initial: 'asker', assigned: 'admin' })).toMatchObject({
      role: 'admin',
      groups: [],
      sessionVersion: created.sessionVersion + 1,
    });
  });

  it('refuses a malformed email or group, changing nothing', () => {
    expect(() => users.signInExternal('not an email', [], { initial: 'asker' })).toThrow(UserError);
    users.create('ada@northwind.example', 'asker', 'a long password', ['hr']);
    expect(() => users.signInExternal('ada@northwind.example', ['a/b'], { initial: 'asker' })).toThrow(UserError);
    expect(users.byEmail('ada@northwind.example')).toMatchObject({ groups: ['hr'] });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasRole, openSession, sealSession } from '../../../lib/auth/session';
import { type Role, type User, UserError, UserStore, normaliseGroups } from '../../../lib/auth/users';
import { type Db, openDatabase } from '../../../lib/db';
import { tempDir } from '../../helpers/temp';

const settings = { secret: 'a session secret that is at least 32 characters long', ttlSeconds: 3600 };
const PASSWORD = 'long enough password';

let db: Db;
let users: UserStore;

beforeEach(() => {
  db = openDatabase(tempDir('docent-users-'));
  users = new UserStore(db);
});

afterEach(() => db.close());

describe('UserStore roles and groups', () => {
  it('creates an asker with no groups by default, and never exposes the password hash', () => {
    const user = users.create('Asker@Northwind.example', 'asker', PASSWORD);
    expect(user).toMatchObject({ email: 'asker@northwind.example', role: 'asker', groups: [] });
    expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'groups', 'id', 'role', 'sessionVersion']);
    expect(users.verify('asker@northwind.example', PASSWORD)).toMatchObject({ role: 'asker', groups: [] });
    expect(users.list().map((listed) => [listed.email, listed.role])).toEqual([['asker@northwind.example', 'asker']]);
  });

  it('trims, lowercases and deduplicates group names, and stores them', () => {
    const user = users.create('a@northwind.example', 'reviewer', PASSWORD, [' HR ', 'Finance', 'hr', 'Field Ops', 'Équipe_2', 'finance']);
    expect(user.groups).toEqual(['hr', 'finance', 'field ops', 'équipe_2']);
    expect(users.byEmail('A@northwind.example')!.groups).toEqual(['hr', 'finance', 'field ops', 'équipe_2']);
    const row = db.prepare('select groups from users where email = ?').get('a@northwind.example') as { groups: string };
    expect(JSON.parse(row.groups)).toEqual(['hr', 'finance', 'field ops', 'équipe_2']);
  });

  it.each([[''], ['   '], ['bad/name'], ['-leading'], ['a'.repeat(101)], ['hr:admins'], ['tab\tname']])('rejects the group name %j', (name) => {
    let caught: unknown;
    try {
      users.create('a@northwind.example', 'asker', PASSWORD, ['hr', name]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toContain(`"${name}" is not a group name`);
    expect(users.count()).toBe(0);
  });

  it('accepts a group name of exactly 100 characters', () => {
    expect(normaliseGroups(['A'.repeat(100)])).toEqual(['a'.repeat(100)]);
  });

  it('rejects an unknown role with a UserError rather than a database error', () => {
    expect(() => users.create('a@northwind.example', 'owner' as Role, PASSWORD)).toThrow(UserError);
    expect(users.count()).toBe(0);
  });

  it('replaces groups with setGroups, keeping sessions, and leaves them unchanged on an invalid name', async () => {
    const user = users.create('a@northwind.example', 'asker', PASSWORD, ['hr']);
    const cookie = await sealSession(user, settings);
    expect(users.setGroups('A@northwind.example', ['Legal', ' legal ', 'Finance'])!.groups).toEqual(['legal', 'finance']);
    // Groups apply on the next request; they are no reason to sign in again.
    expect(await openSession(cookie, settings, users)).toMatchObject({ email: 'a@northwind.example', groups: ['legal', 'finance'] });
    expect(() => users.setGroups('a@northwind.example', ['ok', 'not/ok'])).toThrow(UserError);
    expect(users.byEmail('a@northwind.example')!.groups).toEqual(['legal', 'finance']);
    expect(users.setGroups('a@northwind.example', [])!.groups).toEqual([]);
    expect(users.setGroups('nobody@northwind.example', ['hr'])).toBeNull();
  });

  it('ends the sessions of a user whose role changes, in either direction', async () => {
    const admin = users.create('boss@northwind.example', 'admin', PASSWORD);
    const adminCookie = await sealSession(admin, settings);
    expect(await openSession(adminCookie, settings, users)).toMatchObject({ role: 'admin' });

    const demoted = users.setRole('boss@northwind.example', 'reviewer')!;
    expect(demoted.role).toBe('reviewer');
    expect(await openSession(adminCookie, settings, users)).toBeNull();
    const reviewerCookie = await sealSession(demoted, settings);
    expect(await openSession(reviewerCookie, settings, users)).toMatchObject({ role: 'reviewer' });

    users.setRole('boss@northwind.example', 'admin');
    expect(await openSession(reviewerCookie, settings, users)).toBeNull();
  });

  it('keeps sessions when setRole does not change the role, and answers null for an unknown user', async () => {
    const user = users.create('r@northwind.example', 'reviewer', PASSWORD);
    const cookie = await sealSession(user, settings);
    expect(users.setRole('r@northwind.example', 'reviewer')).toMatchObject({ role: 'reviewer', sessionVersion: user.sessionVersion });
    expect(await openSession(cookie, settings, users)).not.toBeNull();
    expect(users.setRole('nobody@northwind.example', 'admin')).toBeNull();
    expect(() => users.setRole('r@northwind.example', 'owner' as Role)).toThrow(UserError);
  });

  it('updates role and groups all or nothing', () => {
    users.create('r@northwind.example', 'reviewer', PASSWORD, ['hr']);
    expect(() => users.update('r@northwind.example', { role: 'asker', groups: ['bad/name'] })).toThrow(UserError);
    expect(users.byEmail('r@northwind.example')).toMatchObject({ role: 'reviewer', groups: ['hr'] });
    expect(users.update('r@northwind.example', { role: 'asker', groups: ['Finance'] })).toMatchObject({ role: 'asker', groups: ['finance'] });
    expect(users.update('nobody@northwind.example', { groups: [] })).toBeNull();
  });

  it('ends the sessions of a removed user', async () => {
    const cookie = await sealSession(users.create('gone@northwind.example', 'asker', PASSWORD), settings);
    expect(users.remove('gone@northwind.example')).toBe(true);
    expect(await openSession(cookie, settings, users)).toBeNull();
  });
});

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

describe('hasRole', () => {
  const person = (role: Role): User => ({ id: role, email: `${role}@northwind.example`, role, groups: [], sessionVersion: 1, createdAt: 0 });

  it.each<[Role, Role, boolean]>([
    ['asker', 'asker', true],
    ['asker', 'reviewer', false],
    ['asker', 'admin', false],
    ['reviewer', 'asker', true],
    ['reviewer', 'reviewer', true],
    ['reviewer', 'admin', false],
    ['admin', 'asker', true],
    ['admin', 'reviewer', true],
    ['admin', 'admin', true],
  ])('a user with role %s has %s: %s', (held, needed, expected) => {
    expect(hasRole(person(held), needed)).toBe(expected);
  });

  it('is false without a user', () => {
    for (const role of ['asker', 'reviewer', 'admin'] as const) expect(hasRole(null, role)).toBe(false);
  });
});

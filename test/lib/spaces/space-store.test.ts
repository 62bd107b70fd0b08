import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscalationStore } from '../../../lib/answer/escalations';
import { migrate } from '../../../lib/migrations';
import { type Db, openDatabase } from '../../../lib/db';
import { DEFAULT_SPACE } from '../../../lib/spaces/access';
import { ANONYMOUS, SYSTEM, parsePrincipals } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { tempDir } from '../../helpers/temp';
import { person } from '../../helpers/viewers';

describe('spaces: who may read which folder', () => {
  let db: Db;
  let store: SpaceStore;
  const hrPerson = person('ann@example.com', ['hr']);
  const financePerson = person('bob@example.com', ['finance']);
  const admin = person('root@example.com', [], 'admin');

  beforeEach(() => {
    db = openDatabase(tempDir('spaces'));
    store = new SpaceStore(db);
  });
  afterEach(() => {
    db.close();
  });

  it('starts with a public default space over every root, so an existing installation reads as before', () => {
    const access = store.access();
    expect(store.list().map((space) => space.name)).toEqual([DEFAULT_SPACE]);
    for (const viewer of [ANONYMOUS, hrPerson, admin, SYSTEM]) expect(access.canReadDocument(viewer, '/kb', 'hr/pay.md')).toBe(true);
    expect(access.filterFor(ANONYMOUS)).toBeNull();
  });

  it('restricts a folder to its readers and owners; admins read it; other folders stay open', () => {
    store.add({ name: 'HR', root: null, folder: 'hr', readers: parsePrincipals('group:hr'), owners: parsePrincipals('lead@example.com') }, 'test');
    const access = store.access();
    expect(access.canReadDocument(hrPerson, '/kb', 'hr/pay.md')).toBe(true);
    expect(access.canReadDocument(person('lead@example.com'), '/kb', 'hr/pay.md')).toBe(true);
    expect(access.canReadDocument(admin, '/kb', 'hr/pay.md')).toBe(true);
    for (const viewer of [ANONYMOUS, financePerson]) {
      expect(access.canReadDocument(viewer, '/kb', 'hr/pay.md')).toBe(false);
      expect(access.canReadDocument(viewer, '/other-root', 'hr/deep/pay.md')).toBe(false);
      expect(access.canReadDocument(viewer, '/kb', 'hrx/notes.md')).toBe(true);
      expect(access.canReadDocument(viewer, '/kb', 'handbook.md')).toBe(true);
    }
    expect(access.filterFor(financePerson)).toEqual({ excludeFolders: [{ root: null, folder: 'hr/' }], excludeDocIds: [] });
    expect(access.filterFor(admin)).toBeNull();
  });

  it('lets a nested folder narrow its parent, never widen it', () => {
    store.add({ name: 'legal', root: null, folder: 'legal/', readers: parsePrincipals('group:legal') }, 'test');
    // Readers named "everyone" below a restricted folder still need the folder above.
    store.add({ name: 'board', root: null, folder: 'legal/board', readers: parsePrincipals('everyone,group:finance'), public: true }, 'test');
    const access = store.access();
    const lawyer = person('lee@example.com', ['legal']);
    expect(access.canReadDocument(financePerson, '/kb', 'legal/board/minutes.md')).toBe(false);
    expect(access.canReadDocument(ANONYMOUS, '/kb', 'legal/board/minutes.md')).toBe(false);
    expect(access.canReadDocument(lawyer, '/kb', 'legal/board/minutes.md')).toBe(true);
    store.set('board', { readers: parsePrincipals('group:board'), public: false }, 'test');
    expect(store.access().canReadDocument(lawyer, '/kb', 'legal/board/minutes.md')).toBe(false);
    expect(store.access().canReadDocument(lawyer, '/kb', 'legal/contracts.md')).toBe(true);
    expect(store.access().canReadSpace(lawyer, 'board')).toBe(false);
    expect(store.access().canReadSpace(lawyer, 'legal')).toBe(true);
  });

  it('keeps a removed space’s folder to admins until a new space grants it, and audits every change', () => {
    store.add({ name: 'hr', root: null, folder: 'hr/', readers: parsePrincipals('group:hr') }, 'alice');
    store.remove('hr', 'bob');
    expect(store.access().canReadDocument(hrPerson, '/kb', 'hr/pay.md')).toBe(false);
    expect(store.access().canReadDocument(ANONYMOUS, '/kb', 'hr/pay.md')).toBe(false);
    expect(store.access().canReadDocument(admin, '/kb', 'hr/pay.md')).toBe(true);
    expect(() => store.set('hr', { public: true }, 'x')).toThrow(/no space/);
    store.add({ name: 'people', root: null, folder: 'hr', readers: parsePrincipals('group:hr') }, 'carol');
    expect(store.access().canReadDocument(hrPerson, '/kb', 'hr/pay.md')).toBe(true);
    expect(store.list().map((space) => space.name)).toEqual([DEFAULT_SPACE, 'people']);
    expect(store.auditTrail().map((entry) => [entry.actor, entry.action, entry.space])).toEqual([
      ['carol', 'add', 'people'],
      ['bob', 'remove', 'hr'],
      ['alice', 'add', 'hr'],
    ]);
    expect(store.auditTrail()[1]!.before?.readers).toEqual(['group:hr']);
  });

  it('narrowing the default space ends anonymous access everywhere; the default cannot be removed', () => {
    store.set(DEFAULT_SPACE, { public: false }, 'admin');
    const access = store.access();
    expect(access.canReadDocument(ANONYMOUS, '/kb', 'handbook.md')).toBe(false);
    expect(access.canReadDocument(financePerson, '/kb', 'handbook.md')).toBe(true);
    expect(access.filterFor(ANONYMOUS)?.excludeFolders).toEqual([{ root: null, folder: '' }]);
    expect(() => store.remove(DEFAULT_SPACE, 'admin')).toThrow(/cannot be removed/);
  });

  it('refuses bad names, folders that leave the root, duplicates and bad principals', () => {
    expect(() => store.add({ name: '../x', root: null, folder: 'x' }, 't')).toThrow(/space name/);
    expect(() => store.add({ name: 'up', root: null, folder: '../etc' }, 't')).toThrow(/leaves its watched root/);
    store.add({ name: 'hr', root: null, folder: 'hr' }, 't');
    expect(() => store.add({ name: 'HR', root: null, folder: 'other' }, 't')).toThrow(/already exists/);
    expect(() => store.add({ name: 'people', root: null, folder: 'hr/' }, 't')).toThrow(/already covers/);
    expect(() => parsePrincipals('user:not-an-email')).toThrow(/not a reader or owner/);
    expect(() => store.add({ name: 'ops', root: null, folder: 'ops', webhookUrl: 'http://' }, 't')).toThrow(/webhook must be an http\(s\) URL/);
    expect(() => store.set('hr', { webhookUrl: 'ftp://hooks.example/x' }, 't')).toThrow(/webhook must be an http\(s\) URL/);
    expect(parsePrincipals('Ann@Example.com, group:HR, everyone, ann@example.com')).toEqual(['user:ann@example.com', 'group:hr', 'everyone']);
  });

  it('routes to the owners of the nearest space that names some; unowned spaces go to every reviewer', () => {
    store.add({ name: 'hr', root: null, folder: 'hr', owners: parsePrincipals('group:hr-leads'), webhookUrl: 'https://hooks.example/hr' }, 't');
    store.add({ name: 'pay', root: null, folder: 'hr/pay', readers: parsePrincipals('group:payroll') }, 't');
    const access = store.access();
    const lead = person('lead@example.com', ['hr-leads'], 'reviewer');
    const otherReviewer = person('rev@example.com', [], 'reviewer');
    expect(access.ownersOf('pay')).toEqual(['group:hr-leads']);
    expect(access.owns(lead, 'pay')).toBe(true);
    expect(access.owns(otherReviewer, 'pay')).toBe(false);
    expect(access.owns(otherReviewer, DEFAULT_SPACE)).toBe(true);
    expect(access.owns(person('asker@example.com'), DEFAULT_SPACE)).toBe(false);
    expect(access.ownedBy(lead)).toEqual(expect.arrayContaining(['hr', 'pay']));
    expect(access.webhookOf('pay')).toBe('https://hooks.example/hr');
    expect(access.webhookOf(DEFAULT_SPACE)).toBeNull();
    expect(access.spaceOf('/kb', 'hr/pay/2026.md').name).toBe('pay');
  });
});

describe('an installation from before spaces', () => {
  it('keeps its accounts, escalations and reviewed answers, all in the public default space', () => {
    const db = new Database(':memory:');
    sqliteVec.load(db);
    migrate(db, 6);
    db.prepare("insert into users(id, email, role, password_hash, created_at, updated_at) values ('u1', 'rev@example.com', 'reviewer', 'x', 1, 1)").run();
    db.prepare(
      "insert into escalations(id, question, reason, status, created_at, updated_at) values ('e1', 'Who approves travel?', 'low_confidence', 'open', 1, 1)",
    ).run();
    migrate(db);
    expect(db.prepare('select email, role, groups from users').get()).toEqual({ email: 'rev@example.com', role: 'reviewer', groups: '[]' });
    const escalations = new EscalationStore(db);
    expect(escalations.get('e1')).toMatchObject({ space: DEFAULT_SPACE, spaces: [DEFAULT_SPACE] });
    expect(escalations.list({ spaces: [DEFAULT_SPACE] }).map((item) => item.id)).toEqual(['e1']);
    expect(new SpaceStore(db).access().canReadDocument(ANONYMOUS, '/kb', 'anything.md')).toBe(true);
    db.close();
  });
});

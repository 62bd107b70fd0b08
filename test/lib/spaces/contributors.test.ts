import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../lib/db';
import { ANONYMOUS, SYSTEM, parsePrincipals } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { tempDir } from '../../helpers/temp';
import { person } from '../../helpers/viewers';

describe('spaces: who may add documents to which folder', () => {
  let db: Db;
  let store: SpaceStore;
  const root = '/kb';

  beforeEach(() => {
    db = openDatabase(tempDir('contributors'));
    store = new SpaceStore(db);
  });
  afterEach(() => db.close());

  it('lets admins add anywhere and nobody else where no space names contributors', () => {
    const access = store.access();
    expect(access.canContribute(person('root@example.com', [], 'admin'), root, '')).toBe(true);
    expect(access.canContribute(person('root@example.com', [], 'admin'), root, 'hr/deep/')).toBe(true);
    expect(access.canContribute(SYSTEM, root, 'hr/')).toBe(true);
    for (const viewer of [ANONYMOUS, person('ann@example.com', ['hr']), person('rev@example.com', [], 'reviewer')])
      expect(access.canContribute(viewer, root, 'hr/')).toBe(false);
    expect(access.contributesSomewhere(person('ann@example.com', ['hr']))).toBe(false);
    expect(access.contributesSomewhere(person('root@example.com', [], 'admin'))).toBe(true);
  });

  it('names contributors directly, by group or as everyone; the innermost space decides', () => {
    store.add({ name: 'HR', root: null, folder: 'hr', contributors: parsePrincipals('user:ann@example.com,group:writers') }, 'test');
    store.add({ name: 'Payroll', root: null, folder: 'hr/payroll', contributors: parsePrincipals('user:pay@example.com') }, 'test');
    store.add({ name: 'Wiki', root: null, folder: 'wiki', contributors: parsePrincipals('everyone') }, 'test');
    const access = store.access();
    const ann = person('Ann@Example.com');
    const writer = person('will@example.com', ['Writers']);
    const payroll = person('pay@example.com');
    const stranger = person('sam@example.com', ['sales']);

    expect(access.canContribute(ann, root, 'hr/')).toBe(true);
    expect(access.canContribute(ann, root, 'hr/policies/')).toBe(true);
    expect(access.canContribute(writer, root, 'hr/')).toBe(true);
    expect(access.canContribute(stranger, root, 'hr/')).toBe(false);
    expect(access.canContribute(ann, root, '')).toBe(false);
    // The nested space narrows: HR's contributors may not add to payroll, payroll's person may not add to the rest of HR.
    expect(access.canContribute(ann, root, 'hr/payroll/')).toBe(false);
    expect(access.canContribute(writer, root, 'hr/payroll/2025/')).toBe(false);
    expect(access.canContribute(payroll, root, 'hr/payroll/')).toBe(true);
    expect(access.canContribute(payroll, root, 'hr/')).toBe(false);
    // everyone means every signed-in person, never anonymous.
    expect(access.canContribute(stranger, root, 'wiki/')).toBe(true);
    expect(access.canContribute(ANONYMOUS, root, 'wiki/')).toBe(false);
    expect(access.contributesSomewhere(stranger)).toBe(true);
    expect(access.contributesSomewhere(ANONYMOUS)).toBe(false);
  });

  it('stores, changes and audits contributors; a removed space closes its folder to all but admins', () => {
    store.add({ name: 'HR', root: null, folder: 'hr', contributors: parsePrincipals('group:writers') }, 'admin@example.com');
    expect(store.get('HR')!.contributors).toEqual(['group:writers']);
    store.set('HR', { contributors: parsePrincipals('user:ann@example.com') }, 'admin@example.com');
    expect(store.get('HR')!.contributors).toEqual(['user:ann@example.com']);
    const [change] = store.auditTrail();
    expect(change).toMatchObject({ action: 'set', before: { contributors: ['group:writers'] }, after: { contributors: ['user:ann@example.com'] } });
    // Other changes leave contributors as they were; an empty list stores none.
    store.set('HR', { public: true }, 'admin@example.com');
    expect(store.get('HR')!.contributors).toEqual(['user:ann@example.com']);
    store.set('HR', { contributors: [] }, 'admin@example.com');
    expect(store.get('HR')!.contributors).toBeNull();
    store.set('HR', { contributors: parsePrincipals('everyone') }, 'admin@example.com');
    expect(store.access().canContribute(person('sam@example.com'), '/kb', 'hr/')).toBe(true);
    store.remove('HR', 'admin@example.com');
    expect(store.get('HR')!.contributors).toBeNull();
    expect(store.access().canContribute(person('sam@example.com'), '/kb', 'hr/')).toBe(false);
    expect(store.access().canContribute(person('root@example.com', [], 'admin'), '/kb', 'hr/')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/db';
import { ANONYMOUS } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { runScript } from '../../helpers/run-script';
import { tempDir } from '../../helpers/temp';

describe('npm run space', () => {
  it('adds, changes, lists and removes spaces, and a process that has them open sees each change at once', async () => {
    const dataDir = tempDir('space-cli');
    const env = { DOCENT_DATA_DIR: dataDir };
    // Another process (a running server) with the database open before the change.
    const db = openDatabase(dataDir);
    const store = new SpaceStore(db);
    let version = store.version();
    try {
      const added = await runScript(
        'space.ts',
        ['add', 'HR', '--folder', 'people/hr', '--readers', 'group:hr,ann@example.com', '--owners', 'lead@example.com', '--json'],
        env,
      );
      expect(added.code, added.stderr).toBe(0);
      expect(added.json).toMatchObject({
        space: { name: 'HR', folder: 'people/hr/', readers: ['group:hr', 'user:ann@example.com'], owners: ['user:lead@example.com'], public: null },
      });
      expect(store.version()).toBeGreaterThan(version);
      version = store.version();
      expect(store.access().canReadDocument(ANONYMOUS, '/kb', 'people/hr/pay.md')).toBe(false);

      const changed = await runScript(
        'space.ts',
        ['set', 'hr', '--public', '--webhook', 'https://hooks.example/hr', '--contributors', 'group:writers', '--json'],
        env,
      );
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.json).toMatchObject({ space: { contributors: ['group:writers'] } });
      expect(changed.stderr).toContain('contributors: group:writers');
      const writer = { kind: 'person' as const, id: 'w', email: 'will@example.com', role: 'asker' as const, groups: ['writers'] };
      expect(store.access().canContribute(writer, '/kb', 'people/hr/')).toBe(true);
      expect(store.version()).toBeGreaterThan(version);
      expect(store.access().canReadDocument(ANONYMOUS, '/kb', 'people/hr/pay.md')).toBe(true);

      const listed = await runScript('space.ts', ['list', '--json'], env);
      expect((listed.json as { spaces: { name: string; webhook_url: string | null }[] }).spaces).toEqual([
        expect.objectContaining({ name: 'default', webhook_url: null }),
        expect.objectContaining({ name: 'HR', webhook_url: 'https://hooks.example/hr' }),
      ]);

      const removed = await runScript('space.ts', ['remove', 'HR'], env);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stderr).toMatch(/admins only/);
      expect(store.access().canReadDocument(ANONYMOUS, '/kb', 'people/hr/pay.md')).toBe(false);

      const bad = await runScript('space.ts', ['add', 'x', '--folder', 'x', '--readers', 'user:nobody'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/not a reader or owner/);
      const usage = await runScript('space.ts', ['frobnicate'], env);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/usage: npm run space/);
      expect(store.auditTrail().map((entry) => entry.action)).toEqual(['remove', 'set', 'add']);
      expect(store.auditTrail()[0]!.actor).toMatch(/^cli:/);
    } finally {
      db.close();
    }
  });
});

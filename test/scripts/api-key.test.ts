import { describe, expect, it } from 'vitest';
import { looksLikeApiKey } from '@/lib/api/api-key';
import { ApiKeyStore } from '@/lib/api/api-key-store';
import { UserStore } from '@/lib/auth/users';
import { openDatabase } from '@/lib/db';
import { runScript } from '../helpers/run-script';
import { tempDir } from '../helpers/temp';

describe('npm run api-key', () => {
  it('creates a key shown once, lists keys without it, and revokes', async () => {
    const dataDir = tempDir('docent-api-key-');
    const db = openDatabase(dataDir);
    new UserStore(db).create('ana@northwind.example', 'asker', 'a long password');
    const env = { DOCENT_DATA_DIR: dataDir };

    const created = await runScript('api-key.ts', ['create', '--user', 'ana@northwind.example', '--name', 'Open WebUI', '--json'], env);
    expect(created.code).toBe(0);
    const { key, id } = created.json as { key: string; id: string };
    expect(looksLikeApiKey(key)).toBe(true);
    expect(created.json).toMatchObject({ user: 'ana@northwind.example', name: 'Open WebUI', revoked_at: null });
    expect(created.stderr).toContain(key);
    expect(new ApiKeyStore(db).verify(key)?.id).toBe(id);

    const list = await runScript('api-key.ts', ['list', '--json'], env);
    expect(list.code).toBe(0);
    expect(list.json).toEqual({ keys: [expect.objectContaining({ id, user: 'ana@northwind.example', prefix: key.slice(0, 9) })] });
    expect(list.stdout + list.stderr).not.toContain(key);

    const revoked = await runScript('api-key.ts', ['revoke', id, '--json'], env);
    expect(revoked.code).toBe(0);
    expect(revoked.json).toMatchObject({ revoked: { id, revoked_at: expect.any(Number) } });
    expect(new ApiKeyStore(db).verify(key)).toBeNull();

    const unknown = await runScript('api-key.ts', ['create', '--user', 'nobody@northwind.example'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no user nobody@northwind.example');
    const usage = await runScript('api-key.ts', ['create'], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: npm run api-key');
    db.close();
  });
});

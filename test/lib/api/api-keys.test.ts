import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiKey, hashApiKey, looksLikeApiKey } from '@/lib/api/api-key';
import { ApiKeyStore, apiKeyJson } from '@/lib/api/api-key-store';
import { SlidingWindowLimiter } from '@/lib/api/rate-limiter';
import { UserStore } from '@/lib/auth/users';
import { openDatabase } from '@/lib/db';
import { tempDir } from '../../helpers/temp';

describe('API keys', () => {
  it('are 256 random bits, recognisable, and hashed with SHA-256', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(looksLikeApiKey(key)).toBe(true);
    expect(looksLikeApiKey('dk_short')).toBe(false);
    expect(looksLikeApiKey('sk-0123456789012345678901234567890123456789012')).toBe(false);
    // The SHA-256 of "dk_test" (as sha256sum prints it), so the hash is the documented one.
    expect(hashApiKey('dk_test')).toBe('c7227eeed0fef371f9acff96fbd4943211a10a4f41642d172f133acc9963c96b');
    expect(hashApiKey('dk_test')).not.toBe(hashApiKey('dk_tesT'));
  });

  it('come from an Authorization: Bearer header and nothing else', () => {
    expect(bearerToken('Bearer dk_abc')).toBe('dk_abc');
    expect(bearerToken('bearer   dk_abc  ')).toBe('dk_abc');
    expect(bearerToken('Basic dk_abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });

  it('are stored as hashes, verified, listed and revoked', () => {
    const db = openDatabase(tempDir());
    const users = new UserStore(db);
    users.create('ana@northwind.example', 'asker', 'a long password');
    const store = new ApiKeyStore(db);
    const { key, info } = store.create({ email: 'ANA@northwind.example', name: 'Open WebUI', ratePerMinute: 5, createdBy: 'cli' });
    expect(looksLikeApiKey(key)).toBe(true);
    expect(info).toMatchObject({ email: 'ana@northwind.example', name: 'Open WebUI', ratePerMinute: 5, prefix: key.slice(0, 9), revokedAt: null });
    // Nothing in the table holds the key itself.
    const rows = JSON.stringify(db.prepare('select * from api_keys').all());
    expect(rows).not.toContain(key);
    expect(rows).toContain(hashApiKey(key));
    expect(store.verify(key)?.id).toBe(info.id);
    expect(store.verify(generateApiKey())).toBeNull();
    expect(store.get(info.id)!.lastUsedAt).not.toBeNull();
    expect(store.list().map(apiKeyJson)).toEqual([expect.objectContaining({ id: info.id, user: 'ana@northwind.example', rate_per_minute: 5 })]);
    expect(store.revoke(info.id).revokedAt).not.toBeNull();
    expect(store.verify(key)).toBeNull();
    expect(() => store.revoke('no-such-key')).toThrow(expect.objectContaining({ code: 'api_key_not_found', status: 404 }));
    expect(() => store.create({ email: 'nobody@northwind.example' })).toThrow(expect.objectContaining({ code: 'user_not_found' }));
    expect(() => store.create({ email: 'ana@northwind.example', ratePerMinute: 0 })).toThrow(expect.objectContaining({ code: 'api_key_invalid' }));
    // A removed user's keys go with them.
    users.remove('ana@northwind.example');
    expect(store.list()).toEqual([]);
    db.close();
  });
});

describe('SlidingWindowLimiter', () => {
  it('allows `limit` requests in any window and says how long to wait', () => {
    const limiter = new SlidingWindowLimiter(60_000);
    const start = 1_000_000;
    expect([0, 1, 2].map((offset) => limiter.take('k', 3, start + offset * 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('k', 3, start + 3000)).toBe(57);
    // Another key has its own window.
    expect(limiter.take('other', 3, start + 3000)).toBe(0);
    // Refused requests do not count: once the first ages out, one more goes through.
    expect(limiter.take('k', 3, start + 60_000)).toBe(0);
    expect(limiter.take('k', 3, start + 60_001)).toBe(1);
    expect(limiter.take('k', 3, start + 61_000)).toBe(0);
  });
});

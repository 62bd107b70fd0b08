import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keyItem from '@/app/api/api-keys/[id]/route';
import * as keyList from '@/app/api/api-keys/route';
import * as models from '@/app/v1/models/route';
import type { WebRuntime } from '@/lib/web/runtime';
import { testConfig } from '../../helpers/temp';
import { type Handler, callRoute, signIn, startWebRuntime } from '../../helpers/web-routes';

let runtime: WebRuntime;
let close: () => Promise<void>;
let adminCookie = '';
let reviewerCookie = '';

beforeAll(async () => {
  ({ runtime, close } = await startWebRuntime(testConfig({ DOCENT_ADMIN_EMAIL: 'admin@northwind.example', DOCENT_ADMIN_PASSWORD: 'admin password 1' })));
  runtime.users.create('reviewer@northwind.example', 'reviewer', 'reviewer password 1');
  adminCookie = await signIn('admin@northwind.example', 'admin password 1');
  reviewerCookie = await signIn('reviewer@northwind.example', 'reviewer password 1');
});
afterAll(() => close());

describe('/api/api-keys (the admin page)', () => {
  it('is for admins only', async () => {
    expect((await callRoute(keyList.GET, '/api/api-keys')).status).toBe(401);
    expect((await callRoute(keyList.GET, '/api/api-keys', { cookie: reviewerCookie })).status).toBe(403);
    const post = await callRoute(keyList.POST, '/api/api-keys', { body: { email: 'reviewer@northwind.example' }, cookie: reviewerCookie });
    expect(post.status).toBe(403);
    expect(runtime.api.keys.list()).toEqual([]);
  });

  it('creates a key shown once, lists it without the key, and revokes it', async () => {
    const created = await callRoute(keyList.POST, '/api/api-keys', { body: { email: 'reviewer@northwind.example', name: 'LibreChat' }, cookie: adminCookie });
    expect(created.status).toBe(201);
    const { key, id } = (await created.json()) as { key: string; id: string };
    expect(runtime.api.keys.get(id)).toMatchObject({ createdBy: 'admin@northwind.example', name: 'LibreChat' });
    const bearer = { authorization: `Bearer ${key}` };
    expect((await callRoute(models.GET, '/v1/models', { headers: bearer })).status).toBe(200);

    const listed = await (await callRoute(keyList.GET, '/api/api-keys', { cookie: adminCookie })).text();
    expect(listed).not.toContain(key);
    expect(JSON.parse(listed)).toEqual({ keys: [expect.objectContaining({ id, user: 'reviewer@northwind.example', name: 'LibreChat', revoked_at: null })] });

    const revoked = await callRoute(keyItem.DELETE as Handler, `/api/api-keys/${id}`, { method: 'DELETE', params: { id }, cookie: adminCookie });
    expect(revoked.status).toBe(200);
    expect((await callRoute(models.GET, '/v1/models', { headers: bearer })).status).toBe(401);
    const missing = await callRoute(keyItem.DELETE as Handler, '/api/api-keys/x', { method: 'DELETE', params: { id: 'x' }, cookie: adminCookie });
    expect(missing.status).toBe(404);
    const unknownUser = await callRoute(keyList.POST, '/api/api-keys', { body: { email: 'nobody@northwind.example' }, cookie: adminCookie });
    expect(await unknownUser.json()).toMatchObject({ error: { code: 'user_not_found' } });
  });
});

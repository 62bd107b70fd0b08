import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as me from '@/app/api/auth/me/route';
import * as status from '@/app/api/status/route';
import * as userItem from '@/app/api/users/[email]/route';
import * as users from '@/app/api/users/route';
import type { WebRuntime } from '@/lib/web/runtime';
import { testConfig } from '../../helpers/temp';
import { type Handler, callRoute, signIn, startWebRuntime } from '../../helpers/web-routes';

let runtime: WebRuntime;
let closeRuntime: () => Promise<void>;
let adminCookie = '';

const patch = (email: string, body: unknown, cookie = adminCookie) =>
  callRoute(userItem.PATCH as Handler, `/api/users/${encodeURIComponent(email)}`, {
    method: 'PATCH',
    body,
    cookie,
    params: { email: encodeURIComponent(email) },
  });

beforeAll(async () => {
  ({ runtime, close: closeRuntime } = await startWebRuntime(
    testConfig({ DOCENT_ADMIN_EMAIL: 'admin@northwind.example', DOCENT_ADMIN_PASSWORD: 'correct horse battery' }),
  ));
  adminCookie = await signIn('admin@northwind.example', 'correct horse battery');
});

afterAll(() => closeRuntime());

describe('/api/users with askers and groups', () => {
  it('creates an asker in normalised groups and lists the groups', async () => {
    const created = await callRoute(users.POST, '/api/users', {
      cookie: adminCookie,
      body: { email: 'asker@northwind.example', role: 'asker', password: 'asker password 1', groups: [' HR', 'Finance', 'hr'] },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ email: 'asker@northwind.example', role: 'asker', groups: ['hr', 'finance'] });

    const list = await callRoute(users.GET, '/api/users', { cookie: adminCookie });
    const accounts = (await list.json()).users as { email: string; role: string; groups: string[] }[];
    expect(accounts.map(({ email, role, groups }) => ({ email, role, groups }))).toEqual([
      { email: 'admin@northwind.example', role: 'admin', groups: [] },
      { email: 'asker@northwind.example', role: 'asker', groups: ['hr', 'finance'] },
    ]);
    expect(JSON.stringify(accounts)).not.toContain('scrypt');
  });

  it('refuses an invalid group name with 400 and creates nobody', async () => {
    const response = await callRoute(users.POST, '/api/users', {
      cookie: adminCookie,
      body: { email: 'bad@northwind.example', role: 'asker', password: 'asker password 1', groups: ['hr', '../etc'] },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'user_invalid' } });
    expect(runtime.users.byEmail('bad@northwind.example')).toBeNull();
  });

  it('keeps askers out of review and admin routes', async () => {
    runtime.users.create('only-asks@northwind.example', 'asker', 'asker password 2');
    const cookie = await signIn('only-asks@northwind.example', 'asker password 2');
    expect((await callRoute(me.GET, '/api/auth/me', { cookie })).status).toBe(200);
    expect((await callRoute(status.GET, '/api/status', { cookie })).status).toBe(403);
    expect((await callRoute(users.GET, '/api/users', { cookie })).status).toBe(403);
    expect((await patch('only-asks@northwind.example', { role: 'admin' }, cookie)).status).toBe(403);
  });

  it('changes groups (sessions go on) and role (sessions end) with PATCH', async () => {
    runtime.users.create('moves@northwind.example', 'asker', 'asker password 3', ['hr']);
    const cookie = await signIn('moves@northwind.example', 'asker password 3');

    const regrouped = await patch('moves@northwind.example', { groups: ['Legal'] });
    expect(regrouped.status).toBe(200);
    expect(await regrouped.json()).toEqual({ email: 'moves@northwind.example', role: 'asker', groups: ['legal'] });
    expect((await callRoute(me.GET, '/api/auth/me', { cookie })).status).toBe(200);

    const promoted = await patch('moves@northwind.example', { role: 'reviewer', groups: [] });
    expect(await promoted.json()).toEqual({ email: 'moves@northwind.example', role: 'reviewer', groups: [] });
    expect((await callRoute(me.GET, '/api/auth/me', { cookie })).status).toBe(401);
    const fresh = await signIn('moves@northwind.example', 'asker password 3');
    expect((await callRoute(status.GET, '/api/status', { cookie: fresh })).status).toBe(200);
  });

  it('refuses changing your own role, an unknown user, an empty change and a bad group', async () => {
    runtime.users.create('stays@northwind.example', 'asker', 'asker password 4', ['hr', 'finance']);
    expect((await patch('admin@northwind.example', { role: 'reviewer' })).status).toBe(409);
    expect(runtime.users.byEmail('admin@northwind.example')!.role).toBe('admin');
    expect((await patch('admin@northwind.example', { groups: ['Ops'] })).status).toBe(200);
    expect((await patch('nobody@northwind.example', { groups: ['hr'] })).status).toBe(404);
    expect((await patch('stays@northwind.example', {})).status).toBe(400);
    expect((await patch('stays@northwind.example', { role: 'owner' })).status).toBe(400);
    const bad = await patch('stays@northwind.example', { role: 'admin', groups: ['no/slashes'] });
    expect(bad.status).toBe(400);
    expect(runtime.users.byEmail('stays@northwind.example')).toMatchObject({ role: 'asker', groups: ['hr', 'finance'] });
  });
});

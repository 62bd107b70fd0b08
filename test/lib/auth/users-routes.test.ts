import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as login from '@/app/api/auth/login/route';
import * as me from '@/app/api/auth/me/route';
import * as status from '@/app/api/status/route';
import * as userItem from '@/app/api/users/[email]/route';
import * as users from '@/app/api/users/route';
import { type WebRuntime, createRuntime, installWebRuntime } from '@/lib/web/runtime';
import { testConfig } from '../../helpers/temp';

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

let runtime: WebRuntime;
let adminCookie = '';

function call(handler: Handler, url: string, options: { method?: string; body?: unknown; cookie?: string; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return handler(new Request(`http://localhost${url}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
}

async function signIn(email: string, password: string): Promise<string> {
  const response = await call(login.POST, '/api/auth/login', { body: { email, password } });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

const patch = (email: string, body: unknown, cookie = adminCookie) =>
  call(userItem.PATCH as Handler, `/api/users/${encodeURIComponent(email)}`, { method: 'PATCH', body, cookie, params: { email: encodeURIComponent(email) } });

beforeAll(async () => {
  runtime = await createRuntime(testConfig({ DOCENT_ADMIN_EMAIL: 'admin@northwind.example', DOCENT_ADMIN_PASSWORD: 'correct horse battery' }), () => {});
  installWebRuntime(Promise.resolve(runtime));
  adminCookie = await signIn('admin@northwind.example', 'correct horse battery');
});

afterAll(async () => {
  installWebRuntime(null);
  runtime.assistant.close();
  await runtime.services.close();
});

describe('/api/users with askers and groups', () => {
  it('creates an asker in normalised groups and lists the groups', async () => {
    const created = await call(users.POST, '/api/users', {
      cookie: adminCookie,
      body: { email: 'asker@northwind.example', role: 'asker', password: 'asker password 1', groups: [' HR', 'Finance', 'hr'] },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ email: 'asker@northwind.example', role: 'asker', groups: ['hr', 'finance'] });

    const list = await call(users.GET, '/api/users', { cookie: adminCookie });
    const accounts = (await list.json()).users as { email: string; role: string; groups: string[] }[];
    expect(accounts.map(({ email, role, groups }) => ({ email, role, groups }))).toEqual([
      { email: 'admin@northwind.example', role: 'admin', groups: [] },
      { email: 'asker@northwind.example', role: 'asker', groups: ['hr', 'finance'] },
    ]);
    expect(JSON.stringify(accounts)).not.toContain('scrypt');
  });

  it('refuses an invalid group name with 400 and creates nobody', async () => {
    const response = await call(users.POST, '/api/users', {
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
    expect((await call(me.GET, '/api/auth/me', { cookie })).status).toBe(200);
    expect((await call(status.GET, '/api/status', { cookie })).status).toBe(403);
    expect((await call(users.GET, '/api/users', { cookie })).status).toBe(403);
    expect((await patch('only-asks@northwind.example', { role: 'admin' }, cookie)).status).toBe(403);
  });

  it('changes groups (sessions go on) and role (sessions end) with PATCH', async () => {
    runtime.users.create('moves@northwind.example', 'asker', 'asker password 3', ['hr']);
    const cookie = await signIn('moves@northwind.example', 'asker password 3');

    const regrouped = await patch('moves@northwind.example', { groups: ['Legal'] });
    expect(regrouped.status).toBe(200);
    expect(await regrouped.json()).toEqual({ email: 'moves@northwind.example', role: 'asker', groups: ['legal'] });
    expect((await call(me.GET, '/api/auth/me', { cookie })).status).toBe(200);

    const promoted = await patch('moves@northwind.example', { role: 'reviewer', groups: [] });
    expect(await promoted.json()).toEqual({ email: 'moves@northwind.example', role: 'reviewer', groups: [] });
    expect((await call(me.GET, '/api/auth/me', { cookie })).status).toBe(401);
    const fresh = await signIn('moves@northwind.example', 'asker password 3');
    expect((await call(status.GET, '/api/status', { cookie: fresh })).status).toBe(200);
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

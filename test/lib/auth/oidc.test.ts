import { sealData, unsealData } from 'iron-session';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as callback from '@/app/api/auth/oidc/callback/route';
import * as start from '@/app/api/auth/oidc/start/route';
import * as login from '@/app/api/auth/login/route';
import { OIDC_COOKIE } from '@/lib/auth/oidc';
import { SESSION_COOKIE, openSession } from '@/lib/auth/session';
import type { User } from '@/lib/auth/users';
import type { OidcSettings } from '@/lib/config-oidc';
import { type WebRuntime, installWebRuntime } from '@/lib/web/runtime';
import { freePort } from '../../../scripts/app-process';
import { ProviderUserAgent, type TestProvider, startTestProvider } from '../../helpers/oidc-provider';
import { testConfig } from '../../helpers/temp';
import { startWebRuntime } from '../../helpers/web-routes';

// Sign-in with a real OpenID Connect provider (oidc-provider on 127.0.0.1): Docent's start and
// callback routes are called as Next.js calls them, the provider's own pages over HTTP.

const DOCENT = 'http://docent.test';
const CLIENT = { id: 'docent', secret: 'a client secret for the sign-in tests', redirectUris: [`${DOCENT}/api/auth/oidc/callback`] };

let provider: TestProvider;
let runtime: WebRuntime;
let closeRuntime: (() => Promise<void>) | undefined;
let settings: OidcSettings;
const logged: string[] = [];

function cookieOf(response: Response, name: string): string | undefined {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

async function sessionUser(response: Response): Promise<User | null> {
  const value = cookieOf(response, SESSION_COOKIE);
  return value ? openSession(decodeURIComponent(value), runtime.session, runtime.users) : null;
}

/** The start route's answer, and the flow cookie a browser would keep from it. */
async function begin(query = '', headers: Record<string, string> = {}) {
  const response = await start.GET(new Request(`${DOCENT}/api/auth/oidc/start${query}`, { headers }));
  return { response, flow: cookieOf(response, OIDC_COOKIE) };
}

/** A whole sign-in: start, the provider's pages as `login`, and the callback with the flow cookie. */
async function signIn(login: string, options: { agent?: ProviderUserAgent; query?: string; cancel?: boolean } = {}) {
  const { response, flow } = await begin(options.query);
  expect(response.status).toBe(302);
  const agent = options.agent ?? new ProviderUserAgent(provider.issuer);
  const callbackUrl = await agent.authorize(response.headers.get('location')!, login, { cancel: options.cancel });
  const finished = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${flow}` } }));
  return { callbackUrl, flow: flow!, finished };
}

/** Runs `body` with the OIDC settings changed (the runtime is otherwise the same). */
async function withSettings<T>(changes: Partial<OidcSettings> | null, body: () => Promise<T>, publicOrigin: string | null = null): Promise<T> {
  const config = { ...runtime.config, oidc: changes === null ? null : { ...settings, ...changes }, web: { ...runtime.config.web, publicOrigin } };
  installWebRuntime(Promise.resolve({ ...runtime, config }));
  try {
    return await body();
  } finally {
    installWebRuntime(Promise.resolve(runtime));
  }
}

beforeAll(async () => {
  provider = await startTestProvider({ client: CLIENT });
  ({ runtime, close: closeRuntime } = await startWebRuntime(
    testConfig({
      DOCENT_ADMIN_EMAIL: 'admin@northwind.example',
      DOCENT_ADMIN_PASSWORD: 'admin password 123',
      DOCENT_OIDC_ISSUER: provider.issuer,
      DOCENT_OIDC_CLIENT_ID: CLIENT.id,
      DOCENT_OIDC_CLIENT_SECRET: CLIENT.secret,
      DOCENT_OIDC_NAME: 'Northwind SSO',
    }),
    (message) => logged.push(message),
  ));
  settings = runtime.config.oidc!;
});

afterAll(async () => {
  await closeRuntime?.();
  await provider?.close();
});

beforeEach(() => {
  logged.length = 0;
});

describe('sign-in with an OpenID Connect provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, sealed into a short-lived cookie', async () => {
    const { response, flow } = await begin();
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'docent',
      response_type: 'code',
      redirect_uri: `${DOCENT}/api/auth/oidc/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${OIDC_COOKIE}=`))!;
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Lax');
    expect(line).toContain('Max-Age=600');
    expect(line).toContain('Path=/api/auth/oidc');
    // Sealed: neither the verifier nor the state can be read from the cookie.
    expect(decodeURIComponent(flow!)).not.toContain(location.searchParams.get('state')!);
  });

  it('creates the account at the first sign-in with the provider groups, and a session like the password login', async () => {
    provider.accounts.set('ada', { email: 'Ada@Northwind.example', email_verified: true, name: 'Ada', groups: ['HR', 'Finance', 'hr', '/staff/field ops'] });
    const { finished } = await signIn('ada', { query: `?next=${encodeURIComponent('/chat?space=hr')}` });
    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe('/chat?space=hr');
    const session = finished.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    expect(finished.headers.getSetCookie()).toContain(`${OIDC_COOKIE}=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
    const user = await sessionUser(finished);
    expect(user).toMatchObject({ email: 'ada@northwind.example', role: 'asker', groups: ['hr', 'finance'] });
    // A Keycloak-style full path is no group name a space could use: left out, and said so in the log.
    expect(logged.join('\n')).toContain("ada@northwind.example's groups /staff/field ops are not valid group names");
  });

  it('replaces the groups at the next sign-in, keeping the account, its role and the provider session', async () => {
    provider.accounts.set('bo', { email: 'bo@northwind.example', email_verified: true, groups: ['hr', 'legal'] });
    const agent = new ProviderUserAgent(provider.issuer);
    const first = await sessionUser((await signIn('bo', { agent })).finished);
    expect(first).toMatchObject({ role: 'asker', groups: ['hr', 'legal'] });
    runtime.users.setRole('bo@northwind.example', 'reviewer');

    provider.accounts.set('bo', { email: 'bo@northwind.example', email_verified: true, groups: 'legal' });
    const second = await sessionUser((await signIn('bo', { agent })).finished);
    expect(second).toMatchObject({ id: first!.id, role: 'reviewer', groups: ['legal'] });

    provider.accounts.set('bo', { email: 'bo@northwind.example', email_verified: true });
    expect(await sessionUser((await signIn('bo', { agent })).finished)).toMatchObject({ groups: [] });
    expect(provider.discoveries()).toBe(1);
  });

  it('never lets a password sign in to an account the provider created', async () => {
    provider.accounts.set('cy', { email: 'cy@northwind.example', email_verified: true, groups: [] });
    await signIn('cy');
    for (const password of ['external', 'any password 123', '']) expect(runtime.users.verify('cy@northwind.example', password)).toBeNull();
    const response = await login.POST(
      new Request(`${DOCENT}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'cy@northwind.example', password: 'external' }),
      }),
    );
    expect(response.status).toBe(401);
  });

  it('links to an existing password account by email, which keeps its password and role', async () => {
    provider.accounts.set('admin', { email: 'admin@northwind.example', email_verified: true, groups: ['ops'] });
    const user = await sessionUser((await signIn('admin')).finished);
    expect(user).toMatchObject({ email: 'admin@northwind.example', role: 'admin', groups: ['ops'] });
    expect(runtime.users.verify('admin@northwind.example', 'admin password 123')).not.toBeNull();
  });

  it('refuses a tampered state, a callback without its cookie, and a replayed callback', async () => {
    provider.accounts.set('dee', { email: 'dee@northwind.example', email_verified: true });
    const { response, flow } = await begin();
    const callbackUrl = new URL(await new ProviderUserAgent(provider.issuer).authorize(response.headers.get('location')!, 'dee'));

    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', 'chosen-by-an-attacker');
    const refused = await callback.GET(new Request(tampered, { headers: { cookie: `${OIDC_COOKIE}=${flow}` } }));
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/login?error=sso_failed');
    expect(cookieOf(refused, SESSION_COOKIE)).toBeUndefined();
    expect(logged.join('\n')).toMatch(/state/);

    const cookieless = await callback.GET(new Request(callbackUrl));
    expect(cookieless.headers.get('location')).toBe('/login?error=sso_expired');
    expect(cookieOf(cookieless, SESSION_COOKIE)).toBeUndefined();
    const forged = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${flow!.slice(0, -4)}abcd` } }));
    expect(forged.headers.get('location')).toBe('/login?error=sso_expired');

    // The code was never redeemed above; once it is, the same callback cannot sign in again.
    const accepted = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${flow}` } }));
    expect(await sessionUser(accepted)).toMatchObject({ email: 'dee@northwind.example' });
    const replayed = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${flow}` } }));
    expect(replayed.headers.get('location')).toBe('/login?error=sso_failed');
    expect(runtime.users.byEmail('dee@northwind.example')).not.toBeNull();
  });

  it('refuses an ID token for another nonce, and a code redeemed without its PKCE verifier', async () => {
    provider.accounts.set('dot', { email: 'dot@northwind.example', email_verified: true });
    const seal = { password: runtime.session.secret, ttl: 600 };
    for (const [field, log] of [
      ['nonce', /nonce/],
      ['verifier', /invalid_grant|PKCE|code_verifier/i],
    ] as const) {
      const { response, flow } = await begin();
      const callbackUrl = await new ProviderUserAgent(provider.issuer).authorize(response.headers.get('location')!, 'dot');
      // What an attacker holding someone else's code would need: the same cookie with one check changed.
      const altered = await sealData({ ...(await unsealData<Record<string, string>>(decodeURIComponent(flow!), seal)), [field]: 'x'.repeat(43) }, seal);
      logged.length = 0;
      const refused = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${encodeURIComponent(altered)}` } }));
      expect(refused.headers.get('location'), field).toBe('/login?error=sso_failed');
      expect(logged.join('\n'), field).toMatch(log);
    }
    expect(runtime.users.byEmail('dot@northwind.example')).toBeNull();
  });

  it('refuses an unverified email and says why on the login page', async () => {
    provider.accounts.set('eve', { email: 'eve@northwind.example', email_verified: false, groups: ['hr'] });
    const { finished } = await signIn('eve');
    expect(finished.headers.get('location')).toBe('/login?error=sso_email');
    expect(runtime.users.byEmail('eve@northwind.example')).toBeNull();
  });

  it('goes back to the login page when the person cancels at the provider', async () => {
    provider.accounts.set('fay', { email: 'fay@northwind.example', email_verified: true });
    const { callbackUrl, finished } = await signIn('fay', { cancel: true });
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    expect(finished.headers.get('location')).toBe('/login?error=sso_denied');
    expect(runtime.users.byEmail('fay@northwind.example')).toBeNull();
  });

  it('opens only local paths after signing in', async () => {
    provider.accounts.set('gus', { email: 'gus@northwind.example', email_verified: true });
    const agent = new ProviderUserAgent(provider.issuer);
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const { finished } = await signIn('gus', { agent, query: `?next=${encodeURIComponent(next)}` });
      expect(finished.headers.get('location'), next).toBe('/');
    }
  });

  it('gives the roles of DOCENT_OIDC_ADMIN_GROUPS and _REVIEWER_GROUPS to their members at each sign-in', async () => {
    provider.accounts.set('hal', { email: 'hal@northwind.example', email_verified: true, groups: ['Docent Reviewers'] });
    const roles = { adminGroups: ['docent admins'], reviewerGroups: ['docent reviewers'] };
    await withSettings(roles, async () => {
      const agent = new ProviderUserAgent(provider.issuer);
      expect(await sessionUser((await signIn('hal', { agent })).finished)).toMatchObject({ role: 'reviewer' });
      provider.accounts.set('hal', { email: 'hal@northwind.example', email_verified: true, groups: ['Docent Reviewers', 'Docent Admins'] });
      expect(await sessionUser((await signIn('hal', { agent })).finished)).toMatchObject({ role: 'admin' });
    });
  });

  it('builds the redirect URI from DOCENT_PUBLIC_URL when it is set', async () => {
    await withSettings(
      {},
      async () => {
        const { response } = await begin();
        expect(new URL(response.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://docent.northwind.example/api/auth/oidc/callback');
      },
      'https://docent.northwind.example',
    );
  });

  it('answers 503 (or the login page, to a browser) when the provider is down, and 404 when OIDC is off', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    await withSettings({ issuer: down }, async () => {
      const api = await begin('', { accept: 'application/json' });
      expect(api.response.status).toBe(503);
      expect(await api.response.json()).toEqual({
        error: { code: 'oidc_unavailable', message: `The sign-in provider ${down} could not be reached; try again in a moment.` },
      });
      const page = await begin('', { accept: 'text/html,application/xhtml+xml' });
      expect(page.response.status).toBe(303);
      expect(page.response.headers.get('location')).toBe('/login?error=sso_unavailable');
    });
    expect(logged.join('\n')).toMatch(/ECONNREFUSED/);

    await withSettings(null, async () => {
      for (const response of [(await begin()).response, await callback.GET(new Request(`${DOCENT}/api/auth/oidc/callback?code=x&state=y`))]) {
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: 'oidc_off', message: expect.stringContaining('DOCENT_OIDC_ISSUER') } });
      }
    });
  });
});

describe('a provider that puts everything in the ID token', () => {
  let keycloakLike: TestProvider;

  beforeAll(async () => {
    keycloakLike = await startTestProvider({
      client: CLIENT,
      claims: { openid: ['sub', 'realm_access'], email: ['email', 'email_verified'] },
      idTokenOnly: true,
    });
    keycloakLike.accounts.set('ida', { email: 'ida@northwind.example', email_verified: true, realm_access: { roles: ['kitchen', 'offline_access'] } });
  });

  afterAll(() => keycloakLike?.close());

  it('reads the groups from a dotted claim path (realm_access.roles) without userinfo', async () => {
    await withSettings({ issuer: keycloakLike.issuer, groupsClaim: 'realm_access.roles' }, async () => {
      const { response, flow } = await begin();
      const callbackUrl = await new ProviderUserAgent(keycloakLike.issuer).authorize(response.headers.get('location')!, 'ida');
      const finished = await callback.GET(new Request(callbackUrl, { headers: { cookie: `${OIDC_COOKIE}=${flow}` } }));
      expect(await sessionUser(finished)).toMatchObject({ email: 'ida@northwind.example', groups: ['kitchen', 'offline_access'] });
    });
  });
});

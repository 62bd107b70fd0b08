import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestProvider, startTestProvider } from '../helpers/oidc-provider';
import { artifactsDir } from './app-server';
import { type BrowserSession, startBrowserSession, submitSignIn } from './browser-session';

// Sign-in with OpenID Connect in real Chromium against `npm start` and a real provider
// (oidc-provider on 127.0.0.1, its own login and consent pages): the login page offers the
// provider; its groups reach Docent and give the reviewer role; a change of groups at the provider
// reaches Docent at the next sign-in; the account has no password; failures are explained. Each
// page is a fresh browser profile, with its own cookies at the provider as well as at Docent.

const ADMIN = { email: 'admin@northwind.example', password: 'oidc test password' };
const CLIENT = { id: 'docent', secret: 'a client secret for the browser test', redirectUris: [] as string[] };

let provider: TestProvider;
let session: BrowserSession;
/** Signs in at the provider's development pages (any password), consenting when asked. */
async function atProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function api<T>(page: Page, url: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (target) => {
    const response = await fetch(target);
    return { status: response.status, body: (await response.json()) as T };
  }, url);
}

async function groupsOf(admin: Page, email: string): Promise<string[] | undefined> {
  const { body } = await api<{ users: { email: string; groups: string[] }[] }>(admin, '/api/users');
  return body.users.find((user) => user.email === email)?.groups;
}

beforeAll(async () => {
  provider = await startTestProvider({ client: CLIENT });
  provider.accounts.set('ada', { email: 'ada@northwind.example', email_verified: true, groups: ['HR', 'HR Leads'] });
  provider.accounts.set('eve', { email: 'eve@northwind.example', email_verified: false, groups: ['HR'] });
  session = await startBrowserSession({
    name: 'oidc',
    admin: ADMIN,
    documents: (watchDir) => {
      fs.mkdirSync(path.join(watchDir, 'handbook'));
      fs.copyFileSync(path.resolve('examples/handbook/time-off.md'), path.join(watchDir, 'handbook', 'time-off.md'));
    },
    env: {
      DOCENT_OIDC_ISSUER: provider.issuer,
      DOCENT_OIDC_CLIENT_ID: CLIENT.id,
      DOCENT_OIDC_CLIENT_SECRET: CLIENT.secret,
      DOCENT_OIDC_NAME: 'Northwind SSO',
      DOCENT_OIDC_REVIEWER_GROUPS: 'HR Leads',
    },
  });
  // The provider is built at its first request, so Docent's address can still be registered.
  const port = new URL(session.app.url).port;
  CLIENT.redirectUris.push(`http://127.0.0.1:${port}/api/auth/oidc/callback`, `http://localhost:${port}/api/auth/oidc/callback`);
}, 600_000);

afterAll(async () => {
  await session?.close();
  await provider?.close();
});

describe('sign-in with OpenID Connect in a real browser', () => {
  let ada: Page;
  let admin: Page;

  it('offers the provider on the login page and signs in through it, with the role its groups give', async () => {
    ada = await session.newPage();
    await ada.goto(`${session.app.url}/review`);
    await ada.waitForURL(/\/login\?next=%2Freview/);
    const button = ada.getByRole('link', { name: 'Sign in with Northwind SSO' });
    await button.waitFor();
    // The password form stays beside it.
    await expect(ada.getByLabel('Password').count()).resolves.toBe(1);
    await ada.screenshot({ path: path.join(artifactsDir(), 'login-sso.png'), fullPage: true });
    await button.click();
    await atProvider(ada, 'ada');
    await ada.waitForURL((url) => url.origin === session.app.url && url.pathname === '/review');
    await expect(api(ada, '/api/auth/me')).resolves.toEqual({ status: 200, body: { email: 'ada@northwind.example', role: 'reviewer' } });
    const cookies = await ada.context().cookies(session.app.url);
    expect(cookies.find((cookie) => cookie.name === 'docent_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('replaces the groups with the provider’s at the next sign-in', async () => {
    admin = await session.signIn(ADMIN, '/admin');
    await expect(groupsOf(admin, 'ada@northwind.example')).resolves.toEqual(['hr', 'hr leads']);

    provider.accounts.set('ada', { email: 'ada@northwind.example', email_verified: true, groups: ['Finance', 'HR Leads'] });
    await ada.context().clearCookies({ name: 'docent_session' });
    await ada.goto(`${session.app.url}/login?next=/status`);
    // The provider remembers ada: no login or consent page this time.
    await ada.getByRole('link', { name: 'Sign in with Northwind SSO' }).click();
    await ada.waitForURL((url) => url.origin === session.app.url && url.pathname === '/status');
    await expect(groupsOf(admin, 'ada@northwind.example')).resolves.toEqual(['finance', 'hr leads']);
  });

  it('has no password for an account the provider created', async () => {
    const page = await session.newPage();
    await page.goto(`${session.app.url}/login`);
    await submitSignIn(page, { email: 'ada@northwind.example', password: 'external' });
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('do not match an account');
  });

  it('explains a refused sign-in on the login page', async () => {
    const eve = await session.newPage();
    await eve.goto(`${session.app.url}/login`);
    await eve.getByRole('link', { name: 'Sign in with Northwind SSO' }).click();
    await atProvider(eve, 'eve');
    await eve.waitForURL((url) => url.origin === session.app.url && url.pathname === '/login');
    expect(new URL(eve.url()).searchParams.get('error')).toBe('sso_email');
    await expect(eve.getByTestId('login-sso-error').textContent()).resolves.toContain('did not send a verified email address');
    await expect(api(eve, '/api/auth/me')).resolves.toMatchObject({ status: 401 });

    // A callback without the cookie its start set (another browser, or an attacker's link).
    await eve.goto(`${session.app.url}/api/auth/oidc/callback?code=stolen&state=guessed`);
    await eve.waitForURL((url) => url.pathname === '/login');
    await expect(eve.getByTestId('login-sso-error').textContent()).resolves.toContain('took too long or was started in another browser');
  });
});

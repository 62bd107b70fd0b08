import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, type RunningApp, launchChromium, startApp } from './app-server';

// What every browser test starts from: `npm start` on a new data directory and watched folder, and
// Chromium to drive it, with the steps they all take (a new page, signing in, asking in the chat).

export interface Account {
  email: string;
  password: string;
}

export interface BrowserSession {
  app: RunningApp;
  browser: Browser;
  watchDir: string;
  /** What the dialogs of the session's pages said (each was dismissed): a document's script must never open one. */
  dialogs: string[];
  /** A page in a fresh browser profile: its own cookies, so each page can be someone else. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** A new page signed in as `account` through the login form, on `next` once it is done. */
  signIn(account: Account, next: string): Promise<Page>;
  /** Closes the browser, stops the app (which must exit cleanly) and deletes the data. */
  close(): Promise<void>;
}

const INDEXING_TIMEOUT_MS = 180_000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits for the watcher to log each of `files` as indexed: health stays ok throughout, so only its log tells. */
export async function untilIndexed(app: RunningApp, files: string[]): Promise<void> {
  const patterns = files.map((file) => new RegExp(`indexed\\s+${escapeRegExp(file)}`));
  const deadline = Date.now() + INDEXING_TIMEOUT_MS;
  while (!patterns.every((pattern) => pattern.test(app.output()))) {
    if (Date.now() > deadline) throw new Error(`documents were not indexed:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Starts the app with `documents` written into its watched folder (and an admin account, when
 * given), and Chromium; resolves once the watcher has indexed the files named in `indexed`.
 */
export async function startBrowserSession(options: {
  /** Names the temporary folder, to tell whose it is when one is left behind. */
  name: string;
  documents: (watchDir: string) => void;
  indexed?: string[];
  admin?: Account;
  env?: Record<string, string>;
}): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does).`);
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `docent-e2e-${options.name}-`)));
  const watchDir = path.join(workspace, 'knowledge');
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    fs.mkdirSync(watchDir);
    options.documents(watchDir);
    const admin: Record<string, string> = options.admin ? { DOCENT_ADMIN_EMAIL: options.admin.email, DOCENT_ADMIN_PASSWORD: options.admin.password } : {};
    app = await startApp({ dataDir: path.join(workspace, 'data'), watchDir, env: { ...admin, ...options.env } });
    browser = await launchChromium();
    await untilIndexed(app, options.indexed ?? []);
  } catch (error) {
    // The tests' afterAll never learns of a session that failed to start: its app would keep running.
    await browser?.close();
    await app?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw error;
  }
  const started = { app, browser };
  const dialogs: string[] = [];
  const newPage = async (viewport = { width: 1200, height: 900 }) => {
    const page = await started.browser.newPage({ viewport });
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    return page;
  };
  return {
    ...started,
    watchDir,
    dialogs,
    newPage,
    async signIn(account, next) {
      const page = await newPage();
      await page.goto(`${started.app.url}/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, account);
      await page.waitForURL((url) => url.pathname === next);
      return page;
    },
    async close() {
      await started.browser.close();
      const code = await started.app.stop();
      expect(code).toBe(0);
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** Adds an account with the admin page's form (the page must be /admin, signed in as an admin). */
export async function addAccount(page: Page, account: Account, role: string, groups: string): Promise<void> {
  await page.locator('#new-user-email').fill(account.email);
  await page.locator('#new-user-role').selectOption(role);
  await page.locator('#new-user-password').fill(account.password);
  await page.locator('#new-user-groups').fill(groups);
  await page.getByRole('button', { name: 'Add the account' }).click();
  await page.locator(`[data-testid="user-row"][data-email="${account.email}"]`).waitFor();
}

/** Fills in and sends the login form the page shows. */
export async function submitSignIn(page: Page, account: Account): Promise<void> {
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/password/i).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Waits until React has hydrated the question box: typed into before that (a busy machine), the
 * text and the Enter are the bare textarea's, and the question is never sent.
 */
export async function untilHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const box = document.getElementById('question');
    return box !== null && Object.keys(box).some((key) => key.startsWith('__reactProps'));
  });
}

/** Runs in the page: how often the asker's messages say `question`, and whether an answer is still streaming. */
function chatState(question: string): { asked: number; busy: boolean } {
  const asked = [...document.querySelectorAll('article.message.user .text')].filter((text) => text.textContent === question).length;
  return { asked, busy: document.querySelector('article.message[aria-busy="true"]') !== null };
}

/**
 * Asks in the chat and waits until the answer has finished streaming. Until the page has shown the
 * question, the last answer is the previous one, already done: so the wait is for the question to
 * show once more (its answer, busy, comes with it) and for no answer to be busy.
 */
export async function ask(page: Page, question: string): Promise<void> {
  const state = () => page.evaluate(chatState, question);
  await untilHydrated(page);
  const { asked } = await state();
  await page.getByLabel('Your question').fill(question);
  await page.getByLabel('Your question').press('Enter');
  await expect.poll(state, { timeout: 60_000 }).toEqual({ asked: asked + 1, busy: false });
}

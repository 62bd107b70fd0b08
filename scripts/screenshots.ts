import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SpotCheck } from '../lib/answer/spot-checks';
import { UsageError } from '../lib/errors';
import { CHROMIUM, launchChromium } from '../test/e2e/app-server';
import { type RunningApp, startApp } from './app-process';
import { askChat, signIn, waitUntil } from './chat-client';
import { parseCommandLine, printJson, runMain, say } from './cli';

// `npm run screenshots -- [--out docs/screenshots] [--questions 8] [--json]`: the pictures in the
// README. Starts the built app (`npm start`, which builds first if the sources changed) on a new
// data directory with the sample handbook and every answer sampled; in Chromium, asks in the chat
// as a new user would (an answer with citations, then a question a person must answer, also in the
// dark theme); records spot-check verdicts through the API as an admin; and saves the review queue,
// /status, and the spot-check sections. Prints the files; with --json, {"files", "total_s"} last on stdout.

const ANSWERED = 'How do I request time off?';
const ESCALATED = 'Is there a staff discount at the lantern outlet store?';
const ADMIN = { email: 'admin@northwind.example', password: 'screenshots password' };
const VIEWPORT = { width: 1200, height: 900 };
// Answers left for the /review screenshot; the others get a verdict.
const LEFT_OPEN = 2;
// The verdicts only illustrate the pages; this one is wrong so that the correction path shows too.
const WRONG = {
  question: 'How many vacation days do I get per year?',
  correction: 'Full-time employees get 25 days of paid vacation a year, 27 after 5 years and 30 after 10; part-time colleagues get the same pro rata.',
  note: 'Missed the tenure steps and part-time staff.',
};

async function api<T>(url: string, cookie: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { cookie, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw new Error(`${options.method ?? 'GET'} ${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

async function syncDone(url: string): Promise<boolean> {
  const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  return ((await response.json()) as { syncing: unknown }).syncing === null;
}

/** The page from its top down to the end of `selector`: the section in the context of its page. */
async function shoot(page: Page, selector: string, file: string): Promise<void> {
  await page.locator(selector).waitFor();
  await page.evaluate(() => document.fonts.ready);
  const bottom = await page.locator(selector).evaluate((element) => element.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.ceil(bottom) + 24 } });
}

/** Asks in the chat page as a person does (type, Enter) and waits for the answer to finish. */
async function askInPage(page: Page, question: string): Promise<void> {
  await page.waitForFunction(() => Object.keys(document.getElementById('question') ?? {}).some((key) => key.startsWith('__reactProps')));
  const answers = await page.locator('article.message.assistant').count();
  await page.getByLabel('Your question').fill(question);
  await page.getByLabel('Your question').press('Enter');
  await page.locator('article.message.assistant').nth(answers).waitFor();
  await page.waitForFunction(() => !document.querySelector('article.message[aria-busy="true"]'), undefined, { timeout: 60_000 });
}

/** The chat as a new user sees it: an answer with its sources, then a question handed to a person; the same in the dark theme. */
async function shootChat(browser: Browser, url: string, out: string): Promise<string[]> {
  const files: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(url);
    await askInPage(page, ANSWERED);
    // The window as the asker sees it, scrolled to the newest answer above the question box.
    if (scheme === 'light') {
      files.push(path.join(out, 'chat-answer.png'));
      await page.screenshot({ path: files.at(-1)! });
    }
    await askInPage(page, ESCALATED);
    files.push(path.join(out, scheme === 'light' ? 'chat-escalation.png' : 'chat-dark.png'));
    await page.screenshot({ path: files.at(-1)! });
    await context.close();
  }
  return files;
}

async function askAndCheck(app: RunningApp, questions: string[], cookie: string): Promise<SpotCheck[]> {
  for (const question of questions) {
    const sample = await askChat(app.url, question);
    say(`${sample.outcome.padEnd(10)} ${question}`);
  }
  const { checks } = await api<{ checks: SpotCheck[] }>(`${app.url}/api/spot-checks?status=open`, cookie);
  if (checks.length <= LEFT_OPEN) throw new Error(`only ${checks.length} answers were sampled; ask more with --questions.`);
  const decided = [...checks].sort((a, b) => a.createdAt - b.createdAt).slice(0, checks.length - LEFT_OPEN);
  for (const check of decided) {
    const body = check.question === WRONG.question ? { verdict: 'wrong', correction: WRONG.correction, note: WRONG.note } : { verdict: 'right' };
    await api(`${app.url}/api/spot-checks/${check.id}`, cookie, { method: 'POST', body });
  }
  say(`Marked ${decided.length} answers (${decided.filter((check) => check.question === WRONG.question).length} wrong); ${LEFT_OPEN} left to check.`);
  return checks;
}

runMain(async () => {
  const { values } = parseCommandLine({
    out: { type: 'string', default: path.join('docs', 'screenshots') },
    questions: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  });
  const count = Number(values.questions);
  if (!Number.isInteger(count) || count <= LEFT_OPEN) throw new UsageError(`--questions takes a whole number above ${LEFT_OPEN}.`);
  if (!fs.existsSync(CHROMIUM)) throw new UsageError(`${CHROMIUM} is missing: install Debian's chromium package.`);
  const { questions } = JSON.parse(fs.readFileSync(path.resolve('examples', 'questions.json'), 'utf8')) as { questions: string[] };
  const started = performance.now();
  const out = path.resolve(values.out);
  fs.mkdirSync(out, { recursive: true });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-screenshots-'));
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  const files: string[] = [];
  try {
    // A watched folder that does not exist yet gets the sample documents, as on a fresh clone.
    app = await startApp({
      dataDir: path.join(folder, 'data'),
      watchDir: path.join(folder, 'knowledge'),
      env: { DOCENT_ADMIN_EMAIL: ADMIN.email, DOCENT_ADMIN_PASSWORD: ADMIN.password, DOCENT_SPOT_CHECK_SHARE: '1' },
    });
    say(`Serving on ${app.url}; waiting for the sample documents to be indexed…`);
    await waitUntil(() => syncDone(app!.url), 300, 'the sample documents to be indexed');
    const cookie = await signIn(app.url, ADMIN);
    await askAndCheck(app, questions.slice(0, count), cookie);

    browser = await launchChromium();
    files.push(...(await shootChat(browser, app.url, out)));
    const context = await browser.newContext({ viewport: VIEWPORT });
    const [name, ...value] = cookie.split('=');
    await context.addCookies([{ name: name!, value: value.join('='), url: app.url }]);
    const page = await context.newPage();

    await page.goto(`${app.url}/review`);
    await page.locator(`[data-testid="escalation-item"][data-question="${ESCALATED}"]`).waitFor();
    files.push(path.join(out, 'review-queue.png'));
    await shoot(page, `[data-testid="escalation-item"][data-question="${ESCALATED}"]`, files.at(-1)!);

    await page.goto(`${app.url}/status`);
    await page.getByTestId('spot-checks-table').waitFor();
    files.push(path.join(out, 'status.png'));
    await page.screenshot({ path: files.at(-1)! });
    files.push(path.join(out, 'status-spot-checks.png'));
    await shoot(page, '[data-testid="spot-checks"]', files.at(-1)!);

    await page.goto(`${app.url}/review`);
    await page
      .getByTestId('spot-check-item')
      .nth(LEFT_OPEN - 1)
      .waitFor();
    // The last one with its Wrong form open, to show where a correction goes.
    await page.getByTestId('spot-check-item').last().getByTestId('spot-check-wrong').click();
    files.push(path.join(out, 'review-spot-checks.png'));
    await shoot(page, 'section[aria-labelledby="spot-checks-heading"]', files.at(-1)!);
  } finally {
    await browser?.close();
    await app?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const shown = files.map((file) => path.relative(process.cwd(), file));
  const totalS = Math.round((performance.now() - started) / 100) / 10;
  say(`Saved ${shown.length} screenshots in ${totalS} s.`);
  if (values.json) printJson({ files: shown, total_s: totalS });
  else for (const file of shown) process.stdout.write(`${file}\n`);
});

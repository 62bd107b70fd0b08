import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, type RunningApp, artifactsDir, startApp } from './app-server';

// Spot checks in real Chromium against `npm start`, every answer sampled: questions answered in
// the chat reach /review as "check these answers"; an owner marks one right and one wrong with a
// correction, which reaches the asker's conversation; and /status shows the space's measured
// precision, below the level set.

const ADMIN = { email: 'admin@northwind.example', password: 'spot checks test password' };
const RIGHT = 'What gloves are required in the kiln area?';
const WRONG = 'How many vacation days do I get per year?';
const LEFT_OPEN = 'Who issues parking permits for the staff car park?';
const CORRECTION = 'Full-time employees get 25 days of paid vacation a year, 27 after 5 years and 30 after 10; part-time colleagues get the same pro rata.';

let app: RunningApp;
let browser: Browser;
let workspace: string;
const dialogs: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return page;
}

async function signInTo(next: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/email/i).fill(ADMIN.email);
  await page.getByLabel(/password/i).fill(ADMIN.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

async function ask(page: Page, question: string): Promise<void> {
  await page.getByLabel('Your question').fill(question);
  await page.getByLabel('Your question').press('Enter');
  await page.locator('article.message:not([aria-busy])').last().waitFor();
  await page.waitForFunction(() => !document.querySelector('article.message[aria-busy="true"]'), undefined, { timeout: 60_000 });
}

const checkItem = (page: Page, question: string) => page.locator(`[data-testid="spot-check-item"][data-question="${question}"]`);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does).`);
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'docent-e2e-spot-checks-')));
  const watchDir = path.join(workspace, 'knowledge');
  fs.mkdirSync(path.join(watchDir, 'handbook'), { recursive: true });
  fs.cpSync(path.resolve('examples/handbook'), path.join(watchDir, 'handbook'), { recursive: true });
  fs.writeFileSync(
    path.join(watchDir, 'handbook', 'parking.md'),
    '# Parking\n\nParking permits for the staff car park are issued by facilities at reception in Building B.\n',
  );
  app = await startApp({
    dataDir: path.join(workspace, 'data'),
    watchDir,
    env: { DOCENT_ADMIN_EMAIL: ADMIN.email, DOCENT_ADMIN_PASSWORD: ADMIN.password, DOCENT_SPOT_CHECK_SHARE: '1' },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const deadline = Date.now() + 180_000;
  const indexed = ['handbook/safety-manual.pdf', 'handbook/time-off.md', 'handbook/parking.md'];
  while (!indexed.every((file) => new RegExp(`indexed\\s+${file.replace(/[.]/g, '\\.')}`).test(app.output()))) {
    if (Date.now() > deadline) throw new Error(`documents were not indexed:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  expect(code).toBe(0);
  fs.rmSync(workspace, { recursive: true, force: true });
});

describe('spot checks in a real browser', () => {
  let asker: Page;
  let review: Page;

  it('sends answered questions to the owners to check, with the answer as given and its sources', async () => {
    asker = await newPage();
    await asker.goto(app.url);
    for (const question of [RIGHT, WRONG, LEFT_OPEN]) {
      await ask(asker, question);
      await expect(asker.locator('article.message.assistant').last().getAttribute('data-status')).resolves.toBe('answered');
    }

    review = await signInTo('/review');
    const right = checkItem(review, RIGHT);
    await right.waitFor();
    await expect(review.locator('#spot-checks-heading').textContent()).resolves.toBe('Check these answers (3)');
    await expect(right.getByTestId('escalation-space').getAttribute('data-space')).resolves.toBe('default');
    await expect(right.getByTestId('spot-check-answer').textContent()).resolves.toContain('500 °C');
    await expect(right.locator('.citation .where').first().textContent()).resolves.toMatch(/safety-manual\.pdf · p\. 2/);
    await review.getByTestId('spot-check-list').screenshot({ path: path.join(artifactsDir(), 'review-spot-checks.png') });
  });

  it('records a right and a wrong verdict, and the correction reaches the asker', async () => {
    await checkItem(review, RIGHT).getByTestId('spot-check-right').click();
    await checkItem(review, RIGHT).waitFor({ state: 'detached' });
    await expect.poll(() => review.getByTestId('review-announcement').textContent()).toBe(`Marked right: “${RIGHT}”.`);

    const wrong = checkItem(review, WRONG);
    await wrong.getByTestId('spot-check-wrong').click();
    await wrong.getByTestId('spot-check-correction').fill(CORRECTION);
    await wrong.getByTestId('spot-check-note').fill('Missed the tenure steps and part-time staff.');
    await expect(wrong.getByTestId('spot-check-submit-wrong').textContent()).resolves.toBe('Mark wrong and send the correction');
    await wrong.getByTestId('spot-check-submit-wrong').click();
    await wrong.waitFor({ state: 'detached' });
    await expect.poll(() => review.getByTestId('review-announcement').textContent()).toBe(`Marked wrong and sent the correction: “${WRONG}”.`);
    await expect(review.locator('#spot-checks-heading').textContent()).resolves.toBe('Check these answers (1)');
    // The correction is kept as a reviewed answer.
    await review.locator(`[data-testid="curated-item"][data-question="${WRONG}"]`).waitFor();

    // The chat polls only while a person's answer is awaited; the correction is there when the conversation is opened again.
    await asker.reload();
    const reviewed = asker.locator('article.message.reviewer');
    await reviewed.waitFor({ timeout: 20_000 });
    await expect(reviewed.locator('.meta').textContent()).resolves.toBe('Reviewed by a person');
    await expect(reviewed.locator('.text').textContent()).resolves.toContain(CORRECTION);
    await expect(asker.locator('article.message.reviewer').count()).resolves.toBe(1);
  });

  it('shows the measured precision with its interval on /status, marked below the level set', async () => {
    const status = await signInTo('/status');
    const row = status.locator('[data-testid="spot-check-space"][data-space="default"]');
    await row.waitFor();
    await expect(status.getByTestId('spot-checks').textContent()).resolves.toContain(
      'share of sampled answered questions that the space’s owners marked right',
    );
    await expect(row.locator('td').allTextContents()).resolves.toEqual(['2', '1', '1', '50% (10–91%)', 'Below the 90% set']);
    await expect(row.getAttribute('data-below')).resolves.toBe('true');
    await status.getByTestId('spot-checks').screenshot({ path: path.join(artifactsDir(), 'status-spot-checks.png') });
    expect(dialogs).toEqual([]);
  });
});

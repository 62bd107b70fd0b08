import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './app-server';
import { type BrowserSession, ask, startBrowserSession } from './browser-session';

// Spot checks in real Chromium against `npm start`, every answer sampled: questions answered in
// the chat reach /review as "check these answers"; an owner marks one right and one wrong with a
// correction, which reaches the asker's conversation; /status shows the space's measured
// precision, below the level set; and an owner whose verdict comes after another owner's is told so.

const ADMIN = { email: 'admin@northwind.example', password: 'spot checks test password' };
// A reviewer owns the default space too: nobody is named as its owner.
const OWNER = { email: 'owner@northwind.example', password: 'second owner password' };
const RIGHT = 'What gloves are required in the kiln area?';
const WRONG = 'How many vacation days do I get per year?';
const LEFT_OPEN = 'Who issues parking permits for the staff car park?';
const CORRECTION = 'Full-time employees get 25 days of paid vacation a year, 27 after 5 years and 30 after 10; part-time colleagues get the same pro rata.';

let session: BrowserSession;

const checkItem = (page: Page, question: string) => page.locator(`[data-testid="spot-check-item"][data-question="${question}"]`);

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'spot-checks',
    admin: ADMIN,
    env: { DOCENT_SPOT_CHECK_SHARE: '1' },
    documents: (watchDir) => {
      fs.cpSync(path.resolve('examples/handbook'), path.join(watchDir, 'handbook'), { recursive: true });
      fs.writeFileSync(
        path.join(watchDir, 'handbook', 'parking.md'),
        '# Parking\n\nParking permits for the staff car park are issued by facilities at reception in Building B.\n',
      );
    },
    indexed: ['handbook/safety-manual.pdf', 'handbook/time-off.md', 'handbook/parking.md'],
  });
}, 600_000);

afterAll(() => session?.close());

describe('spot checks in a real browser', () => {
  let asker: Page;
  let review: Page;

  it('sends answered questions to the owners to check, with the answer as given and its sources', async () => {
    asker = await session.newPage();
    await asker.goto(session.app.url);
    for (const question of [RIGHT, WRONG, LEFT_OPEN]) {
      await ask(asker, question);
      await expect(asker.locator('article.message.assistant').last().getAttribute('data-status')).resolves.toBe('answered');
    }

    review = await session.signIn(ADMIN, '/review');
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
    const status = await session.signIn(ADMIN, '/status');
    const row = status.locator('[data-testid="spot-check-space"][data-space="default"]');
    await row.waitFor();
    await expect(status.getByTestId('spot-checks').textContent()).resolves.toContain(
      'share of sampled answered questions that the space’s owners marked right',
    );
    await expect(row.locator('td').allTextContents()).resolves.toEqual(['2', '1', '1', '50% (10–91%)', 'Below the 90% set']);
    await expect(row.getAttribute('data-below')).resolves.toBe('true');
    await status.getByTestId('spot-checks').screenshot({ path: path.join(artifactsDir(), 'status-spot-checks.png') });
  });

  it('tells an owner whose verdict comes late that someone else already marked the answer, and takes it off the list', async () => {
    const added = await review.evaluate(
      async (account) => {
        const response = await fetch('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
        return response.status;
      },
      { ...OWNER, role: 'reviewer' },
    );
    expect(added).toBe(201);
    // The admin's page, loaded before, still lists the answer; an open form holds off its refresh, as it would mid-verdict.
    const late = checkItem(review, LEFT_OPEN);
    await late.getByTestId('spot-check-wrong').click();

    const owner = await session.signIn(OWNER, '/review');
    await checkItem(owner, LEFT_OPEN).getByTestId('spot-check-right').click();
    await checkItem(owner, LEFT_OPEN).waitFor({ state: 'detached' });
    await expect.poll(() => owner.getByTestId('review-announcement').textContent()).toBe(`Marked right: “${LEFT_OPEN}”.`);

    // The server refuses the second verdict (409); the first one stands.
    await late.getByTestId('spot-check-submit-wrong').click();
    await late.waitFor({ state: 'detached' });
    await expect
      .poll(() => review.getByTestId('review-announcement').textContent())
      .toBe(`Someone else already marked “${LEFT_OPEN}”. This answer was already marked right.`);
    await expect(review.locator('#spot-checks-heading').textContent()).resolves.toBe('Check these answers (0)');
    await expect(review.locator('section[aria-labelledby="spot-checks-heading"]').getByRole('alert').count()).resolves.toBe(0);
    expect(session.dialogs).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './app-server';
import { describeViolations, seriousViolations } from './axe';
import { type BrowserSession, ask, startBrowserSession, untilHydrated } from './browser-session';

// What a reader sees, in real Chromium: axe finds nothing serious or critical on the chat (empty,
// answered with citations, escalated), the source viewer, the review queue and the status page, in
// the light theme and the dark one; the dark theme follows the system until the header's toggle
// pins one, which a reload keeps; the favicon is served; the chat works on a 390 px phone.

const ADMIN = { email: 'admin@northwind.example', password: 'accessibility test password' };
const ESCALATED = 'Can I bring my dog to the office on Fridays?';
let session: BrowserSession;
let sourceUrl: string;

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'a11y',
    admin: ADMIN,
    documents: (watchDir) => {
      fs.mkdirSync(path.join(watchDir, 'handbook'));
      for (const file of ['time-off.md', 'remote-work.md']) fs.copyFileSync(path.resolve('examples/handbook', file), path.join(watchDir, 'handbook', file));
    },
    indexed: ['handbook/time-off.md', 'handbook/remote-work.md'],
  });
}, 600_000);

afterAll(async () => {
  if (session) await session.close();
});

/** Opens (or reloads) the chat once React has hydrated its question box. */
async function openChat(page: Page, reload = false): Promise<void> {
  await (reload ? page.reload() : page.goto(session.app.url));
  await untilHydrated(page);
}

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The page's background and text as shown: body's, or html's where body has none. */
async function pageColours(page: Page): Promise<{ background: number; text: number }> {
  const { background, text } = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const transparent = body.backgroundColor === 'rgba(0, 0, 0, 0)';
    return { background: transparent ? getComputedStyle(document.documentElement).backgroundColor : body.backgroundColor, text: body.color };
  });
  return { background: luminance(background), text: luminance(text) };
}

/** axe in the light theme, then in the dark one (which must really be dark), on the page as it is. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const colours = await pageColours(page);
    expect(colours.background < 0.2, `${what}: background in the ${colorScheme} theme`).toBe(colorScheme === 'dark');
    await page.screenshot({ path: path.join(artifactsDir(), `a11y-${what.replace(/\W+/g, '-')}-${colorScheme}.png`), fullPage: true });
    const violations = await seriousViolations(page);
    expect(violations, `${what} in the ${colorScheme} theme:\n${describeViolations(violations)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('axe finds no serious or critical violations', () => {
  it('on the empty chat', async () => {
    const page = await session.newPage();
    await page.goto(session.app.url);
    await page.getByLabel('Your question').waitFor();
    await expectAccessible(page, 'the empty chat');
  });

  it('on the chat with a cited answer and an escalated question', async () => {
    const page = await session.newPage();
    await openChat(page);
    await ask(page, 'How many vacation days do I get per year?');
    const answer = page.locator('article.message.assistant').last();
    await expect(answer.textContent()).resolves.toContain('25 days');
    const link = answer.getByRole('link', { name: 'Open the source' }).first();
    sourceUrl = new URL((await link.getAttribute('href'))!, session.app.url).href;
    await ask(page, ESCALATED);
    await expect(page.locator('article.message.assistant').last().getAttribute('data-status')).resolves.toBe('escalated');
    await expectAccessible(page, 'the chat with answers');
    // What "Not helpful" opens: a comment, a checkbox and Send, inside the answer.
    await page.locator('article.message.assistant').first().getByRole('button', { name: 'Not helpful', exact: true }).click();
    await page.getByLabel('What was wrong? (optional)').waitFor();
    await expectAccessible(page, 'the chat with the feedback form open');
  });

  it('on the source viewer', async () => {
    expect(sourceUrl).toMatch(/\/sources\//);
    const page = await session.newPage();
    await page.goto(sourceUrl);
    await page.locator('.source-text mark').first().waitFor();
    await expectAccessible(page, 'the source viewer');
  });

  it('on the review queue', async () => {
    const page = await session.signIn(ADMIN, '/review');
    const item = page.locator(`[data-testid="escalation-item"][data-question="${ESCALATED}"]`);
    await item.waitFor();
    await expectAccessible(page, 'the review queue');
    await item.getByTestId('action-edit').click();
    await item.getByTestId('answer-editor').fill('Dogs are welcome on Fridays in Building A, on a lead.');
    await expectAccessible(page, 'the review queue with the answer editor open');
  });

  it('on the status page', async () => {
    const page = await session.signIn(ADMIN, '/status');
    await page.getByTestId('generation-serving').waitFor();
    await page.getByTestId('chart-lag').waitFor();
    await expectAccessible(page, 'the status page');
  });

  it('on the sign-in and admin pages', async () => {
    const login = await session.newPage();
    await login.goto(`${session.app.url}/login`);
    await login.getByLabel(/email/i).waitFor();
    await expectAccessible(login, 'the sign-in page');
    const admin = await session.signIn(ADMIN, '/admin');
    await admin.getByRole('heading', { level: 1 }).waitFor();
    await admin.waitForLoadState('networkidle');
    await expectAccessible(admin, 'the admin page');
  });
});

describe('the dark theme and the favicon', () => {
  it('follows the system until the toggle chooses light, which a reload keeps', async () => {
    const page = await session.newPage();
    // A theme pinned before hydration must not make React complain that <html> differs from the server's.
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.emulateMedia({ colorScheme: 'dark' });
    await openChat(page);
    const dark = await pageColours(page);
    expect(dark.background).toBeLessThan(0.05);
    expect(dark.text).toBeGreaterThan(0.6);
    const system = page.getByRole('button', { name: 'Theme of the system' });
    await expect(system.getAttribute('aria-pressed')).resolves.toBe('true');

    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(page.getByRole('button', { name: 'Light theme' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const light = await pageColours(page);
    expect(light.background).toBeGreaterThan(0.8);
    expect(light.text).toBeLessThan(0.05);

    await openChat(page, true);
    expect((await pageColours(page)).background).toBeGreaterThan(0.8);
    await expect(page.getByRole('button', { name: 'Light theme' }).getAttribute('aria-pressed')).resolves.toBe('true');
    // The question box follows the theme too (color-scheme), not only the page around it.
    const field = await page.getByLabel('Your question').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(luminance(field)).toBeGreaterThan(0.8);

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.emulateMedia({ colorScheme: 'light' });
    expect((await pageColours(page)).background).toBeLessThan(0.05);
    await page.getByRole('button', { name: 'Theme of the system' }).click();
    await openChat(page, true);
    expect((await pageColours(page)).background).toBeGreaterThan(0.8);
    await expect(page.evaluate(() => document.documentElement.dataset.theme ?? null)).resolves.toBeNull();
    expect(errors).toEqual([]);
  });

  it('serves /favicon.ico as an image, and the pages link it', async () => {
    const response = await fetch(`${session.app.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    const icon = Buffer.from(await response.arrayBuffer());
    expect(icon.readUInt16LE(2)).toBe(1);
    const page = await session.newPage();
    await page.goto(session.app.url);
    await expect(page.locator('link[rel~="icon"]').first().getAttribute('href')).resolves.toMatch(/favicon\.ico/);
  });
});

describe('the chat on a 390 px phone', () => {
  it('fits the screen, keeps the thread in view under many conversations, and answers', async () => {
    const page = await session.newPage({ width: 390, height: 844 });
    const remembered = Array.from({ length: 12 }, (_, index) => ({ id: `c${index}`, title: `An earlier conversation about topic number ${index + 1}` }));
    await page.addInitScript((stored) => {
      if (!localStorage.getItem('docent.conversations')) localStorage.setItem('docent.conversations', stored);
    }, JSON.stringify(remembered));
    await openChat(page);
    await page.getByRole('button', { name: '+ New conversation' }).click();

    const question = page.getByLabel('Your question');
    const send = page.getByRole('button', { name: 'Ask', exact: true });
    for (const control of [question, send]) {
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
    }
    await expect(question.evaluate((element) => element.tagName)).resolves.toBe('TEXTAREA');
    // The conversations sit above the thread in one row, not down the page.
    const conversations = page.getByRole('complementary', { name: 'Conversations' });
    expect((await conversations.boundingBox())!.height).toBeLessThan(120);
    // Each button whole, its title cut with an ellipsis at most: the row scrolls instead.
    const newConversation = page.getByRole('button', { name: '+ New conversation' });
    await expect(newConversation.evaluate((button) => button.scrollWidth <= button.clientWidth)).resolves.toBe(true);
    // The list arrives after the page asks the server whose conversations to show (GET /api/conversations).
    await conversations.getByRole('link').nth(11).waitFor();
    const items = await conversations.getByRole('link').all();
    expect(items).toHaveLength(12);
    for (const item of items) expect((await item.boundingBox())!.width).toBeGreaterThan(80);
    // The header keeps to one line: brand, links and the theme toggle.
    const header = (await page.locator('.site-header').boundingBox())!;
    expect(header.height).toBeLessThan(70);

    await ask(page, 'How many vacation days do I get per year?');
    const answer = page.locator('article.message.assistant').last();
    await expect(answer.textContent()).resolves.toContain('25 days');
    await expect(answer.isVisible()).resolves.toBe(true);
    const scroll = await page.evaluate(() => ({ width: document.scrollingElement!.scrollWidth }));
    expect(scroll.width, 'the page scrolls sideways').toBeLessThanOrEqual(390);
    await expectAccessible(page, 'the chat at 390 px');
    const box = (await send.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  });
});

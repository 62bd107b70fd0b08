import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './app-server';
import { type BrowserSession, ask, startBrowserSession, submitSignIn } from './browser-session';

// Real Chromium against `npm start` on the sample documents: ask, get cited; ask what is not
// there, get escalated; review it; see the reviewed answer arrive; ask again, get the curated
// answer; and a document full of script never runs any of it.

const ADMIN = { email: 'admin@northwind.example', password: 'browser test password' };
let session: BrowserSession;

async function lastAnswer(page: Page) {
  return page.locator('article.message.assistant, article.message.reviewer').last();
}

function writeDocuments(watchDir: string): void {
  fs.cpSync(path.resolve('examples/handbook'), path.join(watchDir, 'handbook'), { recursive: true });
  // Hostile documents: markup and script that must only ever be shown as text.
  fs.writeFileSync(
    path.join(watchDir, 'handbook', 'cafeteria.html'),
    '<html><head><title>Cafeteria</title><script>window.__pwned = "head"; alert("head")</script></head><body><main><h1>Cafeteria</h1>' +
      "<p>The cafeteria serves lunch from 11:30 to 14:00 on weekdays in Building A. <img src=x onerror=\"window.__pwned='img'; alert('img')\"></p>" +
      '<p>On Fridays the cafeteria serves a vegetarian lunch menu for everyone.</p></main></body></html>',
  );
  fs.writeFileSync(
    path.join(watchDir, 'handbook', 'parking.md'),
    '# Parking\n\nParking permits for the staff car park are issued by facilities <script>window.__pwned="md";alert("md")</script> at reception in Building B.\n\n<img src=x onerror="alert(\'md-img\')">\n',
  );
}

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'chat',
    admin: ADMIN,
    documents: writeDocuments,
    indexed: ['handbook/parking.md', 'handbook/safety-manual.pdf'],
  });
}, 600_000);

afterAll(async () => {
  if (!session) return;
  await session.close();
  expect(session.app.output()).toContain('Stopped.');
});

describe('Docent in a real browser', () => {
  let conversationPage: Page;

  it('answers a question about a sample document with a citation', async () => {
    conversationPage = await session.newPage();
    await conversationPage.goto(session.app.url);
    // Focusing the question box tells the server to load its embedding model while the question is typed.
    const prepared = conversationPage.waitForResponse((response) => response.url().endsWith('/api/chat/prepare'));
    await conversationPage.locator('#question').focus();
    expect((await prepared).status()).toBe(204);
    await ask(conversationPage, 'What gloves are required in the kiln area?');
    const answer = await lastAnswer(conversationPage);
    await expect(answer.locator('.text').textContent()).resolves.toContain('500 °C');
    const citation = answer.locator('.citation').first();
    await expect(citation.locator('.where').textContent()).resolves.toMatch(/safety-manual\.pdf · p\. 2/);
    await expect(citation.getByRole('link', { name: 'Open the source' }).getAttribute('href')).resolves.toMatch(
      /\/api\/documents\/[0-9a-f]{32}\/source#page=2$/,
    );
    await conversationPage.screenshot({ path: path.join(artifactsDir(), 'chat.png'), fullPage: true });
  });

  it('escalates a question the documents do not answer, then shows the reviewed answer in the same conversation without a reload', async () => {
    const question = 'Can I bring my dog to the office on Fridays?';
    await ask(conversationPage, question);
    const escalated = await lastAnswer(conversationPage);
    await expect(escalated.getAttribute('data-status')).resolves.toBe('escalated');
    await expect(escalated.textContent()).resolves.toMatch(/person will answer/i);
    // What an escalation shows are the closest passages found, not sources, and they read as text.
    await expect(escalated.getByText('Sources', { exact: true }).count()).resolves.toBe(0);
    await expect(escalated.textContent()).resolves.not.toMatch(/\*\*|##/);

    // Someone else asks the same in another conversation: still one review item, with two askers.
    const colleague = await session.newPage();
    await colleague.goto(session.app.url);
    await ask(colleague, question);
    await expect((await lastAnswer(colleague)).getAttribute('data-status')).resolves.toBe('escalated');

    const reviewer = await session.newPage();
    await reviewer.goto(`${session.app.url}/review`);
    await reviewer.waitForURL(/\/login/);
    await submitSignIn(reviewer, ADMIN);
    await reviewer.waitForURL(/\/review/);
    const item = reviewer.locator(`[data-testid="escalation-item"][data-question="${question}"]`);
    await item.waitFor();
    await expect(reviewer.locator(`[data-testid="escalation-item"][data-question="${question}"]`).count()).resolves.toBe(1);
    await expect(item.getByTestId('escalation-askers').getAttribute('data-askers')).resolves.toBe('2');
    await item.getByTestId('action-edit').click();
    const editor = item.getByTestId('answer-editor');
    await editor.fill('Dogs are welcome on Fridays in Building A, on a lead.');
    await reviewer.screenshot({ path: path.join(artifactsDir(), 'review.png'), fullPage: true });
    await item.getByTestId('submit-review').click();
    await item.waitFor({ state: 'detached' });

    const reviewed = conversationPage.locator('article.message.reviewer');
    await reviewed.waitFor({ timeout: 20_000 });
    await expect(reviewed.locator('.text').textContent()).resolves.toContain('Dogs are welcome on Fridays in Building A');
    const reachedColleague = colleague.locator('article.message.reviewer');
    await reachedColleague.waitFor({ timeout: 20_000 });
    await expect(reachedColleague.locator('.text').textContent()).resolves.toContain('Dogs are welcome on Fridays in Building A');

    // A paraphrase is served from the reviewed answer; a near miss is not.
    await ask(conversationPage, 'Are dogs allowed in the office on Fridays?');
    await expect((await lastAnswer(conversationPage)).locator('.text').textContent()).resolves.toContain('Reviewed answer: Dogs are welcome on Fridays');
    await ask(conversationPage, 'Can I bring my cat to the office on Fridays?');
    await expect((await lastAnswer(conversationPage)).locator('.text').textContent()).resolves.not.toContain('Reviewed answer');

    await ask(conversationPage, 'Can I bring my dog to the office on a Friday?');
    const curated = await lastAnswer(conversationPage);
    await expect(curated.locator('.text').textContent()).resolves.toContain('Reviewed answer: Dogs are welcome on Fridays');
    await expect(curated.locator('.citation .where').first().textContent()).resolves.toContain('Reviewed answer');
  });

  it('replies to greetings and thanks, declines a joke politely, and hands neither to a person', async () => {
    const page = await session.newPage();
    await page.goto(session.app.url);
    await ask(page, 'Hi there! Thanks for helping me out today.');
    const greeting = await lastAnswer(page);
    await expect(greeting.getAttribute('data-status')).resolves.toBe('smalltalk');
    await expect(greeting.textContent()).resolves.not.toMatch(/person will answer/i);
    await ask(page, 'tell me a joke');
    const joke = await lastAnswer(page);
    await expect(joke.getAttribute('data-status')).resolves.toBe('declined');
    await expect(joke.textContent()).resolves.toMatch(/organisation’s documents/);
    await expect(joke.textContent()).resolves.not.toMatch(/person will answer/i);
    // A greeting before a question is a question.
    await ask(page, 'hello! how many vacation days do I get per year?');
    await expect((await lastAnswer(page)).textContent()).resolves.toContain('25 days');
  });

  it('never runs script from documents, in answers or in the source viewer', async () => {
    const page = await session.newPage();
    await page.goto(session.app.url);
    await ask(page, 'Who issues parking permits for the staff car park?');
    const answer = await lastAnswer(page);
    await expect(answer.textContent()).resolves.toMatch(/parking permits/i);
    const sourceLink = answer.locator('.citation a').first();
    const href = await sourceLink.getAttribute('href');
    expect(href).toMatch(/^\/sources\/[0-9a-f]{32}\?start=\d+&end=\d+(&q=[^&]+)?$/);
    await page.goto(`${session.app.url}${href}`);
    // The quoted sentence may be marked in several runs (markup and script text break it up).
    await page.locator('.source-text mark').first().waitFor();
    // A new conversation: on the same page the previous one reloads, and its last answer could be read as this one's.
    await page.goto(session.app.url);
    await page.getByRole('button', { name: '+ New conversation' }).click();
    await ask(page, 'When does the cafeteria serve lunch?');
    await expect((await lastAnswer(page)).textContent()).resolves.toMatch(/11:30|lunch/);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
    expect(session.dialogs).toEqual([]);
  });

  it('shows the status dashboard with the serving generation, and works at phone width', async () => {
    const page = await session.signIn(ADMIN, '/status');
    await page.getByTestId('generation-serving').waitFor();
    await expect(page.getByTestId('generation-serving').textContent()).resolves.toContain('g1');
    await expect(page.getByTestId('documents-table').textContent()).resolves.toContain('handbook/time-off.md');
    await page.getByTestId('chart-lag').waitFor();
    await page.screenshot({ path: path.join(artifactsDir(), 'status.png'), fullPage: true });

    const phone = await session.newPage({ width: 375, height: 740 });
    await phone.goto(session.app.url);
    await ask(phone, 'How many vacation days do I get per year?');
    await expect((await lastAnswer(phone)).textContent()).resolves.toContain('25 days');
    await phone.screenshot({ path: path.join(artifactsDir(), 'chat-phone.png'), fullPage: true });
    const overflow = await phone.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
      return { excess: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
    });
    expect(overflow, JSON.stringify(overflow.wide)).toMatchObject({ excess: expect.any(Number) });
    expect(overflow.excess, `wider than the screen: ${JSON.stringify(overflow.wide)}`).toBeLessThanOrEqual(1);
  });
});

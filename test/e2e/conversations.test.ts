import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIDouble } from '../helpers/openai-double';
import { type BrowserSession, ask, startBrowserSession } from './browser-session';

// The chat as people use ChatGPT-like assistants, in real Chromium against `npm start` with an
// OpenAI-compatible model (a local double, so an answer can be slow enough to stop): the URL names
// the conversation, reload and links reopen it for its owner only, Enter sends and Esc stops, focus
// comes back to the question box, answers can be copied and asked again, the last question edited,
// a signed-in person's history follows them, and a reviewer reads the conversations of their queue.

const ADMIN = { email: 'admin@northwind.example', password: 'conversations test password' };
const REPLY = 'Wear heat-resistant gloves rated to 500 °C in the kiln area [1].';
const CONVERSATION_URL = /\/c\/[0-9a-f-]{36}$/;

let session: BrowserSession;
const model = new OpenAIDouble();

const userTexts = (page: Page) => page.locator('article.message.user .text').allTextContents();
const lastAnswer = (page: Page) => page.locator('article.message.assistant').last();
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

beforeAll(async () => {
  await model.start();
  model.chat = { reply: REPLY };
  session = await startBrowserSession({
    name: 'conversations',
    admin: ADMIN,
    env: { DOCENT_LLM: 'openai', DOCENT_LLM_MODEL: 'double', OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'test' },
    documents: (watchDir) => fs.cpSync(path.resolve('examples/handbook'), path.join(watchDir, 'handbook'), { recursive: true }),
    indexed: ['handbook/safety-manual.pdf', 'handbook/time-off.md'],
  });
}, 600_000);

afterAll(async () => {
  await session?.close();
  await model.stop();
});

describe('conversations and answer controls in a real browser', () => {
  let page: Page;
  let link: string;

  it('names the conversation in the URL, keeps its first question as its title, and reopens it on reload', async () => {
    page = await session.newPage();
    await page.goto(session.app.url);
    await ask(page, 'What gloves are required in the kiln area?');
    expect(page.url()).toMatch(CONVERSATION_URL);
    link = page.url();
    // Focus is back in the question box: the next question is typed without a click.
    await expect.poll(() => focusedId(page)).toBe('question');
    await page.keyboard.type('And in the glazing room?');
    await page.keyboard.press('Enter');
    await expect.poll(() => userTexts(page)).toEqual(['What gloves are required in the kiln area?', 'And in the glazing room?']);
    await expect.poll(() => page.locator('article.message[aria-busy="true"]').count()).toBe(0);
    const listed = page.getByRole('complementary', { name: 'Conversations' }).locator('.conversation-item a');
    await expect(listed.allTextContents()).resolves.toEqual(['What gloves are required in the kiln area?']);

    await page.reload();
    await expect.poll(() => userTexts(page)).toEqual(['What gloves are required in the kiln area?', 'And in the glazing room?']);
    await expect(listed.allTextContents()).resolves.toEqual(['What gloves are required in the kiln area?']);
    expect(page.url()).toBe(link);
    // A new conversation, then back to this one from the list and with the browser's Back button.
    await page.getByRole('button', { name: '+ New conversation' }).click();
    await expect.poll(() => userTexts(page)).toEqual([]);
    await listed.first().click();
    await expect.poll(() => userTexts(page)).toEqual(['What gloves are required in the kiln area?', 'And in the glazing room?']);
    await page.goBack();
    await expect.poll(() => userTexts(page)).toEqual([]);
    await page.goForward();
    await expect.poll(() => userTexts(page)).toEqual(['What gloves are required in the kiln area?', 'And in the glazing room?']);
    expect(page.url()).toBe(link);
  });

  it('does not open the conversation for someone else who has the link', async () => {
    const stranger = await session.newPage();
    await stranger.goto(link);
    await stranger.getByText('This conversation does not exist, or it is not yours to open.').waitFor();
    await expect(userTexts(stranger)).resolves.toEqual([]);
    const direct = await stranger.request.get(`${session.app.url}/api/conversations/${link.split('/').at(-1)}`);
    expect(direct.status()).toBe(404);
    // Asking from there starts a conversation of the stranger's own, under a new link.
    await ask(stranger, 'Who issues parking permits?');
    expect(stranger.url()).toMatch(CONVERSATION_URL);
    expect(stranger.url()).not.toBe(link);
    await expect(userTexts(stranger)).resolves.toEqual(['Who issues parking permits?']);
    await stranger.close();
  });

  it('stops a streaming answer with Esc: the model call ends, the thread and the record say stopped', async () => {
    model.pieceDelayMs = 150;
    model.chat = { reply: `${REPLY} `.repeat(30) };
    const before = model.abortedStreams;
    await page.getByLabel('Your question').fill('Which gloves for the kiln, in detail?');
    await page.getByLabel('Your question').press('Enter');
    await expect.poll(async () => (await lastAnswer(page).locator('.text').textContent())?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => lastAnswer(page).getAttribute('data-status')).toBe('stopped');
    await expect(lastAnswer(page).textContent()).resolves.toContain('You stopped this answer here.');
    await expect.poll(() => model.abortedStreams, { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => focusedId(page)).toBe('question');
    model.pieceDelayMs = 0;
    model.chat = { reply: REPLY };
    // The server recorded it: a reload shows the stopped answer with what had been written.
    await page.reload();
    await expect.poll(() => lastAnswer(page).getAttribute('data-status')).toBe('stopped');
    await expect(lastAnswer(page).locator('.text').textContent()).resolves.toContain('heat-resistant');
  });

  it('copies an answer, asks the last question again, and edits it and resends, replacing the turn', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.app.url });
    await ask(page, 'What gloves are required in the kiln area?');
    const answered = lastAnswer(page);
    const text = (await answered.locator('.text').textContent())!;
    await answered.getByRole('button', { name: 'Copy' }).click();
    await answered.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(text);

    const questions = (await userTexts(page)).length;
    const calls = model.chatRequests().length;
    await answered.getByRole('button', { name: 'Ask again' }).click();
    await expect.poll(() => model.chatRequests().length).toBeGreaterThan(calls);
    await expect.poll(() => page.locator('article.message[aria-busy="true"]').count()).toBe(0);
    await expect(userTexts(page)).resolves.toHaveLength(questions);

    await page.locator('article.message.user').last().getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByLabel('Your question').inputValue()).resolves.toBe('What gloves are required in the kiln area?');
    await expect.poll(() => focusedId(page)).toBe('question');
    await page.getByLabel('Your question').fill('What gloves are required in the glazing room?');
    await page.getByLabel('Your question').press('Enter');
    await expect.poll(() => userTexts(page).then((texts) => texts.at(-1))).toBe('What gloves are required in the glazing room?');
    await expect.poll(() => page.locator('article.message[aria-busy="true"]').count()).toBe(0);
    await page.reload();
    await expect
      .poll(() => userTexts(page))
      .toEqual([
        'What gloves are required in the kiln area?',
        'And in the glazing room?',
        'Which gloves for the kiln, in detail?',
        'What gloves are required in the glazing room?',
      ]);
  });

  it('keeps a signed-in person’s history on the server: listed on another device, renamed, deleted with its record', async () => {
    const laptop = await session.signIn(ADMIN, '/');
    await ask(laptop, 'How do I request time off?');
    const id = laptop.url().split('/').at(-1)!;
    const phone = await session.signIn(ADMIN, '/');
    const item = phone.locator('.conversation-item').filter({ hasText: 'How do I request time off?' });
    await item.waitFor();
    await item.getByRole('button', { name: 'Rename “How do I request time off?”' }).click();
    await phone.getByLabel('New title').fill('Time off');
    await phone.getByRole('button', { name: 'Save' }).click();
    // The list shows the new title once the server kept it; reloading before that would race the PATCH.
    await phone.getByRole('button', { name: 'Rename “Time off”' }).waitFor();
    await phone.reload();
    // Not a substring match: the old title "How do I request time off?" contains "time off" too.
    const renamed = phone.locator('.conversation-item').filter({ has: phone.getByRole('link', { name: 'Time off', exact: true }) });
    await renamed.waitFor();
    await renamed.getByRole('link').click();
    await phone.waitForURL(`**/c/${id}`);
    await expect.poll(() => userTexts(phone)).toEqual(['How do I request time off?']);
    await renamed.getByRole('button', { name: 'Delete “Time off”' }).click();
    await renamed.getByRole('button', { name: 'Delete', exact: true }).click();
    await renamed.waitFor({ state: 'detached' });
    await phone.waitForURL((url) => url.pathname === '/');
    expect((await laptop.request.get(`${session.app.url}/api/conversations/${id}`)).status()).toBe(404);
    await laptop.close();
    await phone.close();
  });

  it('lets a reviewer read a conversation whose question is in their queue, without continuing it', async () => {
    const asker = await session.newPage();
    await asker.goto(session.app.url);
    model.chat = { reply: 'NOT_IN_DOCUMENTS' };
    await ask(asker, 'Is there a staff discount at the lantern outlet store?');
    model.chat = { reply: REPLY };
    await expect(lastAnswer(asker).getAttribute('data-status')).resolves.toBe('escalated');
    const reviewer = await session.signIn(ADMIN, '/');
    await reviewer.goto(asker.url());
    await expect.poll(() => userTexts(reviewer)).toEqual(['Is there a staff discount at the lantern outlet store?']);
    await reviewer.getByText('You are reading this conversation as a reviewer of its questions').waitFor();
    await expect(reviewer.getByLabel('Your question').count()).resolves.toBe(0);
    await asker.close();
    await reviewer.close();
  });
});

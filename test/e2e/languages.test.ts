import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, ask, startBrowserSession } from './browser-session';

// The chat's language filter in real Chromium against `npm start`: a handbook page in English and
// one in German; the filter lists both, and a question asked with one chosen is answered only from
// documents in that language.

const GERMAN =
  '# Urlaub\n\n## Urlaubsanspruch\n\nJede Mitarbeiterin und jeder Mitarbeiter hat Anspruch auf 28 Urlaubstage pro Kalenderjahr. ' +
  'Teilzeitkräfte erhalten die Urlaubstage anteilig.\n\n## Urlaubsantrag\n\nDer Urlaubsantrag wird mindestens zwei Wochen vorher im Personalportal gestellt.\n';

let session: BrowserSession;
let page: Page;

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'languages',
    documents: (watchDir) => {
      fs.mkdirSync(path.join(watchDir, 'handbook'));
      fs.copyFileSync(path.resolve('examples/handbook/time-off.md'), path.join(watchDir, 'handbook', 'time-off.md'));
      fs.writeFileSync(path.join(watchDir, 'handbook', 'urlaub.md'), GERMAN);
    },
    indexed: ['handbook/time-off.md', 'handbook/urlaub.md'],
  });
}, 600_000);

afterAll(() => session?.close());

const lastAnswer = () => page.locator('article.message.assistant, article.message.reviewer').last();
const citedFiles = async () => (await lastAnswer().locator('.citation .where').allTextContents()).join(' | ');

describe('answering from documents in one language', () => {
  it('lists the languages of the readable documents, and answers from the chosen one only', async () => {
    page = await session.newPage();
    await page.goto(session.app.url);
    const filter = page.getByLabel('Answer from documents in');
    await filter.waitFor();
    await expect(filter.locator('option').allTextContents()).resolves.toEqual(['every language', 'Deutsch (German) · 1 document', 'English · 1 document']);

    await filter.selectOption('de');
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/chat'));
    await ask(page, 'Wie viele Urlaubstage habe ich pro Jahr?');
    expect((await sent).postDataJSON()).toMatchObject({ filter: { languages: ['de'] } });
    await expect(lastAnswer().locator('.text').textContent()).resolves.toContain('28 Urlaubstage');
    await expect(citedFiles()).resolves.toContain('urlaub.md');

    await filter.selectOption('en');
    await ask(page, 'Wie viele Urlaubstage habe ich pro Jahr?');
    await expect(citedFiles()).resolves.not.toContain('urlaub.md');
    await expect(lastAnswer().locator('.text').textContent()).resolves.not.toContain('28 Urlaubstage');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIDouble } from '../helpers/openai-double';
import { artifactsDir } from './app-server';
import { type BrowserSession, ask, startBrowserSession } from './browser-session';

// Answers rendered as Markdown in real Chromium, with an OpenAI-compatible double as the model: it
// answers with a list, a fenced code block and, as a model quoting a hostile document would, that
// document's attack payloads verbatim. Nothing of it may run, load or link to script.

let session: BrowserSession;
let double: OpenAIDouble;

const QUESTION = 'How do I open a locker in Building C?';
// Longer than a phone is wide: the code block must scroll, not widen the page.
const CODE = `locker --open 42 --building C --note "${'spare key kept at reception; '.repeat(5).trim()}"`;

function lockersDocument(trackerUrl: string): string {
  return [
    '# Lockers',
    '',
    "Lockers in Building C are opened with a key from reception. Read [the locker guide](javascript:window.__pwned='link';alert('link')) first.",
    '',
    "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    '',
    `Label your locker with \`<img src=y onerror=alert('code')>\` and a sticker. ![tracker](${trackerUrl})`,
    '',
  ].join('\n');
}

/** The model's reply: it cites the lockers passage, lists steps, shows a command, and repeats the document's payloads. */
function reply(trackerUrl: string) {
  return (messages: { role: string; content: string }[]): string => {
    const prompt = messages.at(-1)!.content;
    const source = [...prompt.matchAll(/<source n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/source>/g)].find((match) => /Lockers in Building C/.test(match[2]!));
    if (!source) return 'NOT_IN_DOCUMENTS';
    const n = source[1];
    return [
      `Lockers in Building C are opened with a key from reception [${n}]. To open one:`,
      '',
      '- Ask at reception for a key',
      '- Sign the locker log',
      '',
      "Read [the locker guide](javascript:window.__pwned='link';alert('link')) first. <img src=x onerror=\"window.__pwned='img';alert('img')\">",
      `Label it with \`<img src=y onerror=alert('code')>\`. ![tracker](${trackerUrl}) Not a source: [99].`,
      '',
      '```sh',
      CODE,
      '```',
    ].join('\n');
  };
}

beforeAll(async () => {
  double = await new OpenAIDouble().start();
  const trackerUrl = `${double.baseUrl}/tracker.png`;
  double.chat = { reply: reply(trackerUrl) };
  session = await startBrowserSession({
    name: 'markdown',
    documents: (watchDir) => fs.writeFileSync(path.join(watchDir, 'lockers.md'), lockersDocument(trackerUrl)),
    indexed: ['lockers.md'],
    env: { DOCENT_LLM: 'openai', DOCENT_LLM_MODEL: 'double', OPENAI_BASE_URL: double.baseUrl, OPENAI_API_KEY: 'test' },
  });
}, 600_000);

afterAll(async () => {
  await session?.close();
  await double?.stop();
});

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null);

describe('answers as Markdown in a real browser', () => {
  it('renders lists and code, links [n] to its source card, copies code, and runs or loads nothing from the answer', async () => {
    const page = await session.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.app.url });
    await page.goto(session.app.url);
    await ask(page, QUESTION);
    const answer = page.locator('article.message.assistant').last();
    await expect(answer.getAttribute('data-status')).resolves.toBe('answered');

    // What the reader sees: a list, a code block, the raw HTML as text.
    await expect(answer.locator('.text ul > li').allTextContents()).resolves.toEqual(['Ask at reception for a key', 'Sign the locker log']);
    await expect(answer.locator('.text pre code').textContent()).resolves.toBe(`${CODE}\n`);
    await expect(answer.locator('.text').textContent()).resolves.toContain('<img src=x onerror=');
    await expect(answer.locator('.text p code').first().textContent()).resolves.toBe("<img src=y onerror=alert('code')>");
    await page.screenshot({ path: path.join(artifactsDir(), 'chat-markdown.png'), fullPage: true });

    // Nothing became script, an image or a javascript: link; clicking the neutralised link does nothing.
    await expect(page.locator('a[href^="javascript:" i]').count()).resolves.toBe(0);
    await expect(page.locator('article.message img').count()).resolves.toBe(0);
    await expect(answer.locator('[onerror], [onclick], [onmouseover]').count()).resolves.toBe(0);
    await answer.locator('.text').getByText('the locker guide', { exact: true }).click();
    await page.waitForTimeout(500);
    expect(await pwned(page)).toBeNull();
    expect(session.dialogs).toEqual([]);
    expect(double.requests.filter((request) => request.path.includes('tracker'))).toEqual([]);

    // [n] takes the reader (and the keyboard focus) to its card; [99] is not a source and stays text.
    const marker = answer.locator('a.citation-ref');
    await expect(marker.count()).resolves.toBe(1);
    await expect(marker.getAttribute('aria-label')).resolves.toMatch(/^Source \d+$/);
    const target = (await marker.getAttribute('href'))!.slice(1);
    await expect(answer.locator('.text').textContent()).resolves.toContain('Not a source: [99].');
    await marker.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toBe(target);
    await expect(page.evaluate(() => document.activeElement?.closest('li.citation')?.textContent ?? '')).resolves.toContain('lockers.md');
    await expect(answer.locator(`[id="${target}"]`).getByRole('link', { name: 'Open the source' }).getAttribute('href')).resolves.toMatch(
      /^\/sources\/[0-9a-f]{32}\?start=\d+&end=\d+/,
    );

    // The copy button puts the code on the clipboard and says so.
    const copy = answer.getByRole('button', { name: 'Copy code' });
    await copy.click();
    await expect.poll(() => answer.locator('.copy-code').textContent()).toBe('Copied');
    await expect(answer.getByRole('status').filter({ hasText: 'Code copied' }).count()).resolves.toBe(1);
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`${CODE}\n`);

    // The question stays plain text.
    await expect(
      page
        .locator('article.message.user .text')
        .last()
        .evaluate((element) => element.childElementCount),
    ).resolves.toBe(0);
    expect(await pwned(page)).toBeNull();
    expect(session.dialogs).toEqual([]);
  });

  it('keeps a long code line inside its block at phone width', async () => {
    const phone = await session.newPage({ width: 375, height: 740 });
    await phone.goto(session.app.url);
    await ask(phone, QUESTION);
    const block = phone.locator('article.message.assistant').last().locator('.code-block pre');
    await expect(block.evaluate((pre) => pre.scrollWidth > pre.clientWidth)).resolves.toBe(true);
    await phone.screenshot({ path: path.join(artifactsDir(), 'chat-markdown-phone.png'), fullPage: true });
    const excess = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(excess).toBeLessThanOrEqual(1);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentId } from '@/lib/ids';
import { artifactsDir } from './app-server';
import { type BrowserSession, startBrowserSession } from './browser-session';

// The source viewer in real Chromium, on a hostile Markdown and a hostile HTML document: they are
// shown formatted, none of their script, handlers or remote loads run, and the mark covers the
// quoted sentence rather than the whole chunk around it.

let session: BrowserSession;
const foreignRequests: string[] = [];

// Sections before the cited one push it below the fold, so scrolling to the mark is tested too.
const FILLER = Array.from(
  { length: 25 },
  (_, index) => `## Building ${index + 1}\n\nBuilding ${index + 1} houses team number ${index + 1}; its doors open at eight and close at six every weekday.`,
).join('\n\n');

const HOSTILE_MARKDOWN = `# Visitor policy

${FILLER}

## Badges

Visitors must **sign in at reception** before entering any building. Badges are returned at the end of the visit. Lost badges are reported to security within one hour.

<script>window.__pwned = "md-script"; alert("md-script")</script>

<img src="x" onerror="window.__pwned = 'md-img'; alert('md-img')"> <svg onload="window.__pwned = 'md-svg'"></svg>

[Click me](javascript:window.__pwned='md-link') and \`<iframe src="javascript:alert(1)">\` stay text.

![tracker](http://198.51.100.7/track.png)

| Area | Escort |
| --- | --- |
| Laboratory | Always |
`;

const HOSTILE_HTML = `<html><head><title>Loading dock</title>
<script>window.__pwned = "html-head"; alert("html-head")</script>
<style>body { background: url(http://198.51.100.7/bg.png) }</style></head>
<body><main><h1>Loading dock</h1><h2>Deliveries</h2>
<p>Deliveries arrive at the <strong>north loading dock</strong> between 07:00 and 11:00 on weekdays. Drivers wait in the marked bay until a receiver signs the delivery note. Hazardous goods need a permit from the safety office.</p>
<p onmouseover="window.__pwned = 'html-hover'">Escaped markup stays text: &lt;script&gt;window.__pwned = "html-text"&lt;/script&gt; and &lt;b&gt;not bold&lt;/b&gt;.</p>
<p><img src="x" onerror="window.__pwned = 'html-img'; alert('html-img')"><a href="javascript:window.__pwned = 'html-link'">Open the manifest</a>
<iframe src="javascript:window.__pwned = 'html-iframe'"></iframe><svg onload="window.__pwned = 'html-svg'"></svg>
<img src="http://198.51.100.7/pixel.png" srcset="http://198.51.100.7/pixel2.png 2x"></p>
</main></body></html>`;

async function newPage(): Promise<Page> {
  const page = await session.newPage({ width: 1000, height: 700 });
  page.on('request', (request) => {
    if (!request.url().startsWith(session.app.url)) foreignRequests.push(request.url());
  });
  return page;
}

/** The viewer's address for a citation quoting `quote`, with the range of the chunk whose text holds `anchor`. */
async function citationUrl(file: string, anchor: string, quote: string): Promise<{ url: string; chunk: string }> {
  const id = documentId(session.watchDir, file);
  const view = (await (await fetch(`${session.app.url}/api/documents/${id}`)).json()) as { text: string; chunks: { start: number; end: number }[] };
  const range = view.chunks.find((chunk) => view.text.slice(chunk.start, chunk.end).includes(anchor));
  if (!range) throw new Error(`no chunk of ${file} holds “${anchor}”:\n${view.text}`);
  const query = new URLSearchParams({ start: String(range.start), end: String(range.end), q: quote });
  return { url: `${session.app.url}/sources/${id}?${query}`, chunk: view.text.slice(range.start, range.end) };
}

async function marks(page: Page): Promise<string[]> {
  await page.locator('.source-text mark').first().waitFor();
  return page.locator('.source-text mark').allTextContents();
}

async function expectNothingRan(page: Page): Promise<void> {
  // Give handlers a chance: hover and click what a hostile document would want touched.
  for (const element of await page.locator('.source-text p, .source-text a').all()) await element.hover();
  for (const link of await page.locator('.source-text a').all()) await link.click({ modifiers: [] }).catch(() => undefined);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
  expect(await page.locator('.source-text :is(script, img, iframe, svg, object, embed, style, form)').count()).toBe(0);
  expect(await page.locator('.source-text [onerror], .source-text [onload], .source-text [onmouseover], .source-text [style]').count()).toBe(0);
  expect(session.dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
}

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'viewer',
    documents: (watchDir) => {
      fs.writeFileSync(path.join(watchDir, 'visitors.md'), HOSTILE_MARKDOWN);
      fs.writeFileSync(path.join(watchDir, 'loading-dock.html'), HOSTILE_HTML);
    },
    indexed: ['visitors.md', 'loading-dock.html'],
  });
}, 600_000);

afterAll(() => session?.close());

describe('the source viewer in a real browser', () => {
  it('shows a hostile Markdown document formatted, runs none of it, and marks only the quoted sentence', async () => {
    const sentence = 'Badges are returned at the end of the visit.';
    const { url, chunk } = await citationUrl('visitors.md', sentence, sentence);
    expect(chunk).toContain('Visitors must **sign in at reception**');
    const page = await newPage();
    await page.goto(url);
    expect(await marks(page)).toEqual([sentence]);
    await expect(page.locator('.source-text').getAttribute('data-marked')).resolves.toBe('quote');
    // Scrolled to the mark, far down the document.
    const top = await page
      .locator('.source-text mark')
      .first()
      .evaluate((mark) => mark.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(700);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);

    await expect(page.locator('.source-text h1').textContent()).resolves.toBe('Visitor policy');
    await expect(page.locator('.source-text h2', { hasText: 'Badges' }).count()).resolves.toBe(1);
    await expect(page.locator('.source-text strong').first().textContent()).resolves.toBe('sign in at reception');
    await expect(page.locator('.source-text td').first().textContent()).resolves.toBe('Laboratory');
    const shown = await page.locator('.source-text').innerText();
    expect(shown).not.toMatch(/\*\*|## |\| --- \|/);
    // Markup typed into the document is shown as the text it is.
    expect(shown).toContain('<script>window.__pwned = "md-script"; alert("md-script")</script>');
    expect(shown).toContain('<iframe src="javascript:alert(1)">');
    expect(shown).toContain('tracker');
    await expect(page.locator('.source-text a', { hasText: 'Click me' }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(artifactsDir(), 'source-viewer-markdown.png') });
    await expectNothingRan(page);
  });

  it('shows a hostile HTML document formatted, runs none of it, and marks only the quoted sentence', async () => {
    const sentence = 'Drivers wait in the marked bay until a receiver signs the delivery note.';
    const { url, chunk } = await citationUrl('loading-dock.html', sentence, sentence);
    expect(chunk).toContain('Deliveries arrive at the');
    const page = await newPage();
    await page.goto(url);
    expect(await marks(page)).toEqual([sentence]);
    await expect(page.locator('.source-text h2').textContent()).resolves.toBe('Deliveries');
    await expect(page.locator('.source-text strong').textContent()).resolves.toBe('north loading dock');
    const shown = await page.locator('.source-text').innerText();
    expect(shown).not.toContain('**');
    expect(shown).toContain('<script>window.__pwned = "html-text"</script>');
    expect(shown).toContain('<b>not bold</b>');
    await page.screenshot({ path: path.join(artifactsDir(), 'source-viewer-html.png') });
    await expectNothingRan(page);
  });

  it('marks the whole cited chunk when the quote is not in the document, and says so', async () => {
    const { url } = await citationUrl('loading-dock.html', 'Hazardous goods need a permit', 'Parcels are collected by the courier on Mondays.');
    const page = await newPage();
    await page.goto(url);
    const marked = (await marks(page)).join('');
    expect(marked).toContain('Deliveries arrive at the');
    expect(marked).toContain('Hazardous goods need a permit from the safety office.');
    await expect(page.locator('.source-text').getAttribute('data-marked')).resolves.toBe('chunk');
    await expect(page.getByText('The quoted sentences were not found word for word').count()).resolves.toBe(1);
    await expectNothingRan(page);
  });
});

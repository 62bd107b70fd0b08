import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnswerMarkdown } from '@/app/chat/answer-markdown';
import { safeUrl } from '@/app/chat/markdown-rules';

const render = (text: string, cited: number[] = []) => renderToStaticMarkup(createElement(AnswerMarkdown, { text, messageId: 'm1', cited }));

/** Every element a renderer produced, with its attributes, read back by a real HTML parser (linkedom) rather than by pattern. */
async function elements(html: string): Promise<{ tag: string; attributes: Record<string, string> }[]> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return [...document.body.querySelectorAll('*')].map((element) => ({
    tag: element.tagName.toLowerCase(),
    attributes: Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value])),
  }));
}

describe('AnswerMarkdown', () => {
  it('drops links to javascript:, data: and vbscript: but keeps their text', async () => {
    const html = render('See [the form](javascript:alert(1)), [this](data:text/html,<script>alert(1)</script>) and [that](VBScript:msgbox(1)).');
    expect(html).toContain('the form');
    expect(html).not.toMatch(/javascript:|vbscript:|data:text/i);
    expect((await elements(html)).filter((element) => element.tag === 'a')).toEqual([]);
  });

  it('shows raw HTML as text: no element, no event handler', async () => {
    const html = render('Lunch is at noon. <img src=x onerror=alert(1)> <script>alert(2)</script>\n\n<div onclick="alert(3)">block</div>');
    const found = await elements(html);
    expect(found.map((element) => element.tag)).not.toContain('img');
    expect(found.map((element) => element.tag)).not.toContain('script');
    expect(found.some((element) => Object.keys(element.attributes).some((name) => name.startsWith('on')))).toBe(false);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('never loads an image: it shows the description instead', async () => {
    const html = render('Look: ![a floor plan](http://evil.example/t.png) and ![](https://evil.example/pixel.gif)');
    expect((await elements(html)).map((element) => element.tag)).not.toContain('img');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('a floor plan');
  });

  it('escapes HTML inside code spans and fenced code', async () => {
    const html = render('Use `<b onmouseover=alert(1)>bold</b>` here.\n\n```html\n<script>alert(1)</script>\n```\n');
    expect(html).toContain('<code>&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;</code>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await elements(html)).map((element) => element.tag)).not.toContain('script');
  });

  it('renders GFM lists, tables and a fenced code block with a copy button; inline code stays inline', async () => {
    const html = render(
      'Steps:\n\n- Ask at reception\n- Sign the log\n\n| Tenure | Days |\n| --- | --- |\n| 5 years | 27 |\n\nRun `ls` or:\n\n```sh\nlocker --open 42\n```\n',
    );
    const tags = (await elements(html)).map((element) => element.tag);
    expect(tags).toEqual(expect.arrayContaining(['ul', 'li', 'table', 'th', 'td', 'pre']));
    expect(html).toContain('<li>Ask at reception</li>');
    expect(html).toMatch(/<p>Run <code>ls<\/code> or:<\/p>/);
    expect(html).toMatch(/<button type="button" class="copy-code" aria-label="Copy code">Copy<\/button>/);
    expect(html).toMatch(/<pre><code class="language-sh">locker --open 42\n<\/code><\/pre>/);
    expect(html.match(/copy-code/g)).toHaveLength(1);
  });

  it('links [n] to the citation card only when n is one of the message’s citations', async () => {
    const html = render('Twenty-five days [2], see also [3] and the [1](http://x.example/a).', [1, 2]);
    const links = (await elements(html)).filter((element) => element.tag === 'a');
    expect(links).toEqual([
      { tag: 'a', attributes: { href: '#cite-m1-2', 'aria-label': 'Source 2', class: 'citation-ref' } },
      { tag: 'a', attributes: { href: 'http://x.example/a', target: '_blank', rel: 'noopener noreferrer nofollow' } },
    ]);
    expect(html).toContain('>[2]</a>');
    expect(html).toContain('see also [3] and');
    // Not inside code either.
    expect(render('`[2]`', [2])).toBe('<p><code>[2]</code></p>');
  });

  it('gives footnotes ids of their own message', () => {
    const html = render('Said once.[^a]\n\n[^a]: In the handbook.');
    expect(html).toContain('id="m1-fn-a"');
    expect(html).toContain('href="#m1-fn-a"');
    expect(html).toContain('id="m1-fnref-a"');
    expect(html).toMatch(/<h2 class="visually-hidden" id="footnote-label">Footnotes<\/h2>/);
  });

  it('keeps relative paths, fragments and mailto in the page', async () => {
    const html = render('[guide](/sources/abc) [top](#top) [mail](mailto:hr@example.com)');
    expect((await elements(html)).filter((element) => element.tag === 'a').map((element) => element.attributes)).toEqual([
      { href: '/sources/abc' },
      { href: '#top' },
      { href: 'mailto:hr@example.com' },
    ]);
  });
});

describe('safeUrl', () => {
  it('allows http(s), mailto, relative paths and fragments only', () => {
    for (const url of ['https://a.example/x', 'http://a.example', 'mailto:a@b.example', '/sources/1', 'docs/a:b', '?q=1', '#cite-1', '//cdn.example/x']) {
      expect(safeUrl(url), url).toBe(url);
    }
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'irc://a',
      'xmpp:a@b',
      'file:///etc/passwd',
      ' javascript:x',
    ]) {
      expect(safeUrl(url), url).toBe('');
    }
  });
});

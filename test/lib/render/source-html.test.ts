import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { htmlToDocument } from '@/ingest/extractors/html';
import { renderSource, sanitizeDocumentHtml } from '@/lib/render/source-html';

// The source viewer puts this HTML into the page, under a policy that allows inline script, so
// the sanitiser is what stands between a hostile document and the reader's session.

const ALLOWED_TAGS = new Set('h1 h2 h3 h4 h5 h6 p br hr strong b em i s del code pre blockquote ul ol li a table thead tbody tr th td mark span'.split(' '));
const ALLOWED_ATTRIBUTES = new Set(['href', 'rel', 'target', 'start']);

function parse(html: string) {
  const { document } = parseHTML(`<!doctype html><html><body><div id="root">${html}</div></body></html>`);
  return document.getElementById('root')!;
}

/** Every element on the allow-list, every attribute harmless, every link absolute http(s) or mailto. */
function expectSafe(html: string): void {
  for (const element of Array.from(parse(html).querySelectorAll('*'))) {
    const tag = element.tagName.toLowerCase();
    expect(ALLOWED_TAGS.has(tag), `<${tag}> in ${html}`).toBe(true);
    for (const { name, value } of Array.from(element.attributes)) {
      expect(ALLOWED_ATTRIBUTES.has(name), `${name}="${value}" on <${tag}>`).toBe(true);
      if (name === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/i);
    }
    if (tag === 'a' && element.hasAttribute('href')) expect(element.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  }
}

const HOSTILE_HTML = [
  '<script>window.__pwned = 1; alert(1)</script>',
  '<SCRIPT SRC=http://evil.example/x.js></SCRIPT>',
  '<img src=x onerror="window.__pwned = 2">',
  '<img src="http://evil.example/track.png" srcset="http://evil.example/2x.png 2x">',
  '<picture><source srcset="http://evil.example/p.webp"><img src="http://evil.example/p.png"></picture>',
  '<a href="javascript:alert(1)">js</a>',
  '<a href=" JaVaScRiPt:alert(1)">js2</a>',
  '<a href="&#106;avascript:alert(1)">js3</a>',
  '<a href="java\tscript:alert(1)">js4</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="//evil.example/x">protocol-relative</a>',
  '<iframe src="http://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="http://evil.example/x.swf"></object><embed src="http://evil.example/x.swf">',
  '<svg onload="alert(1)"><script>alert(1)</script><a xlink:href="javascript:alert(1)">svg</a></svg>',
  '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
  '<style>body { background: url(http://evil.example/bg.png); width: expression(alert(1)); }</style>',
  '<div style="background:url(http://evil.example/x); width: expression(alert(1))">styled</div>',
  '<p onclick="alert(1)" onmouseover="alert(1)">handlers</p>',
  '<form action="http://evil.example"><input name="password"><button formaction="javascript:alert(1)">go</button></form>',
  '<link rel="stylesheet" href="http://evil.example/x.css"><meta http-equiv="refresh" content="0;url=http://evil.example">',
  '<base href="http://evil.example/">',
  '<video poster="http://evil.example/poster.png" src="http://evil.example/v.mp4"></video><audio src="http://evil.example/a.mp3"></audio>',
  '<table background="http://evil.example/t.png"><tr><td background="http://evil.example/c.png">cell</td></tr></table>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><img src=x onerror=alert(1)></template>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '<a href="https://example.com/ok" target="_self" onclick="alert(1)">fine</a>',
];

describe('sanitizeDocumentHtml', () => {
  it.each(HOSTILE_HTML)('leaves nothing active of %s', (hostile) => {
    const html = sanitizeDocumentHtml(`<p>before</p>${hostile}<p>after</p>`);
    expectSafe(html);
    expect(html).not.toMatch(/<(script|iframe|object|embed|svg|math|style|form|input|img|link|meta|base|video|audio|source|template|textarea)\b/i);
    expect(html).not.toMatch(/\son\w+\s*=/i);
    expect(html).not.toMatch(/evil\.example/);
    expect(html).toContain('<p>before</p>');
    expect(html).toContain('<p>after</p>');
  });

  it('keeps text formatting and safe links, opened without referrer or opener', () => {
    const html = sanitizeDocumentHtml(
      '<h1>Title</h1><p><strong>Bold</strong> and <em>em</em>, <a href="https://example.com/a">a link</a>.</p><ol start="3"><li>three</li></ol>',
    );
    expect(html).toBe(
      '<h1>Title</h1><p><strong>Bold</strong> and <em>em</em>, <a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">a link</a>.</p><ol start="3"><li>three</li></ol>',
    );
  });

  it('keeps the text of a link it neutralises', () => {
    expect(sanitizeDocumentHtml('<a href="javascript:alert(1)">read more</a>')).toBe('<a>read more</a>');
    expect(sanitizeDocumentHtml('<a href="/api/auth/logout">relative</a>')).toBe('<a>relative</a>');
  });
});

describe('renderSource', () => {
  it('renders Markdown as formatted text', () => {
    const { html, format } = renderSource(
      '# Time off\n\n## Carry-over\n\nUp to **5 days** carry over.\n\n- one\n- two\n\n| Type | Days |\n| --- | --- |\n| Vacation | 25 |',
      'markdown',
    );
    expect(format).toBe('markdown');
    const root = parse(html);
    expect(root.querySelector('h1')?.textContent).toBe('Time off');
    expect(root.querySelector('h2')?.textContent).toBe('Carry-over');
    expect(root.querySelector('strong')?.textContent).toBe('5 days');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('td')?.textContent).toBe('Vacation');
    expect(root.textContent).not.toMatch(/\*\*|##|\|/);
    // Table alignment would come as a style attribute; it is dropped with every other style.
    expect(renderSource('| a | b |\n| :-- | --: |\n| 1 | 2 |', 'markdown').html).not.toContain('style');
  });

  it('shows HTML typed into Markdown as text, in code spans, fences and paragraphs alike', () => {
    const source =
      'Use `<script>alert(1)</script>` with care.\n\n```html\n<img src=x onerror="alert(1)">\n```\n\n<script>window.__pwned = "md"</script>\n\n<img src=x onerror=alert(1)> <svg onload=alert(1)>';
    const { html } = renderSource(source, 'markdown');
    expectSafe(html);
    const root = parse(html);
    expect(root.querySelector('code')?.textContent).toBe('<script>alert(1)</script>');
    expect(root.querySelector('pre code')?.textContent).toBe('<img src=x onerror="alert(1)">\n');
    expect(root.textContent).toContain('<script>window.__pwned = "md"</script>');
    expect(root.querySelector('script, img, svg')).toBeNull();
  });

  it('neutralises javascript:, data: and vbscript: links in Markdown and keeps web links', () => {
    const { html } = renderSource(
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x) [e](https://example.com/e) <javascript:alert(1)> [f](/relative)',
      'markdown',
    );
    expectSafe(html);
    const links = Array.from(parse(html).querySelectorAll('a[href]')).map((link) => link.getAttribute('href'));
    expect(links).toEqual(['https://example.com/e']);
  });

  it('never loads images: remote, relative or tracking, only their alt text is shown', () => {
    const { html } = renderSource(
      '![Org chart](http://evil.example/chart.png) ![logo](logo.png "t") [![badge](https://evil.example/b.svg)](https://example.com)',
      'markdown',
    );
    expectSafe(html);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example');
    expect(parse(html).textContent).toContain('Org chart');
  });

  it('renders a hostile HTML document, as indexed, without anything active', () => {
    const hostile =
      '<html><head><title>Cafeteria</title><script>window.__pwned = "head"</script><style>body{background:url(http://evil.example/x)}</style></head>' +
      '<body><main><h1>Cafeteria</h1><h2>Opening hours</h2><p>The cafeteria serves <strong>lunch</strong> from 11:30 to 14:00. <img src=x onerror="alert(1)"></p>' +
      '<p>Escaped markup: &lt;img src=x onerror=alert(1)&gt; and <a href="javascript:alert(1)">a link</a>.</p>' +
      '<iframe src="http://evil.example"></iframe><svg onload="alert(1)"></svg><p>On Fridays the menu is vegetarian.</p></main></body></html>';
    const { text } = htmlToDocument(hostile);
    const { html, format } = renderSource(text, 'html');
    expect(format).toBe('markdown');
    expectSafe(html);
    const root = parse(html);
    // Readability keeps the page title out of the article; the section heading stays a heading.
    expect(root.querySelector('h2')?.textContent).toBe('Opening hours');
    expect(root.querySelector('strong')?.textContent).toBe('lunch');
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img, script, iframe, svg')).toBeNull();
  });

  it('escapes plain text (PDF, text files) and keeps it verbatim', () => {
    const text = 'Line 1 <script>alert(1)</script>\n# not a heading\n**not bold** & more';
    const { html, format } = renderSource(text, 'pdf');
    expect(format).toBe('plain');
    expectSafe(html);
    expect(parse(html).textContent).toBe(text);
  });

  it('stays safe for any mix of hostile fragments, as Markdown and as HTML', () => {
    const fragments = [...HOSTILE_HTML, '**', '`', '[x](', ')', '\n\n', '# ', '| a | b |\n| --- | --- |\n', '<', '>', '"', "'", '&', 'javascript:', 'text'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 12 }), (parts) => {
        const source = parts.join('');
        expectSafe(renderSource(source, 'markdown').html);
        expectSafe(sanitizeDocumentHtml(source));
      }),
      { numRuns: 300 },
    );
  });
});

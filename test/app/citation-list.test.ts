import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CitationList } from '@/app/_client/citation-list';
import type { Citation } from '@/lib/answer/events';

const passage: Citation = {
  n: 1,
  chunkId: 'c1',
  docId: 'b'.repeat(32),
  path: 'handbook/time-off.md',
  root: '/kb',
  title: 'Time off',
  page: null,
  heading: 'Vacation',
  quote:
    '## Vacation\n\nEvery employee receives **25 days** of [paid vacation](https://example.com).\n\n| Tenure | Days |\n| --- | --- |\n| 5 to 9 years | 27 days |',
  charStart: 0,
  charEnd: 400,
  sourceType: 'document',
};

describe('CitationList', () => {
  it('shows passages as readable text under the label it is given, with a link to the source', () => {
    const html = renderToStaticMarkup(createElement(CitationList, { citations: [passage], label: 'Closest passages found' }));
    expect(html).toContain('<p class="citations-label small muted">Closest passages found</p>');
    expect(html).toContain('aria-label="Closest passages found"');
    expect(html).toContain('<blockquote>Vacation\nEvery employee receives 25 days of paid vacation.\nTenure — Days\n5 to 9 years — 27 days</blockquote>');
    // The link keeps the quote verbatim, for the viewer to find; only what is read is cleaned.
    expect(/<blockquote>([^<]*)<\/blockquote>/.exec(html)![1]).not.toMatch(/\*\*|##|\| ---|\]\(/);
    expect(html).toContain(`href="/sources/${'b'.repeat(32)}?start=0&amp;end=400&amp;q=`);
  });

  it("gives each card an id from idPrefix, focusable for the answer's [n] links, and none without it", () => {
    const html = renderToStaticMarkup(createElement(CitationList, { citations: [passage], label: 'Sources', idPrefix: 'cite-m1-' }));
    expect(html).toContain('<li class="citation" id="cite-m1-1" tabindex="-1">');
    expect(renderToStaticMarkup(createElement(CitationList, { citations: [passage], label: 'Sources' }))).toContain('<li class="citation">');
  });

  it('can leave the label to the surrounding summary, and shows nothing without passages', () => {
    expect(renderToStaticMarkup(createElement(CitationList, { citations: [passage], label: 'Sources', showLabel: false }))).not.toContain('citations-label');
    expect(renderToStaticMarkup(createElement(CitationList, { citations: [], label: 'Sources' }))).toBe('');
  });
});

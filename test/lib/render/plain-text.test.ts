import { describe, expect, it } from 'vitest';
import { displayQuote, sourceLink } from '@/app/_client/citations';
import type { Citation } from '@/lib/answer/events';
import { isMarkdownStored, markdownToPlainText } from '@/lib/render/plain-text';

describe('markdownToPlainText', () => {
  it('drops emphasis and heading marks and keeps link text', () => {
    expect(markdownToPlainText('## Carry-over\n\nUp to **5 days** carry over to the *next* year. See [the policy](https://example.com/p).')).toBe(
      'Carry-over\nUp to 5 days carry over to the next year. See the policy.',
    );
  });

  it('turns list markers into bullets and keeps numbering', () => {
    expect(markdownToPlainText('- Ask your manager\n- Book it in **HR**\n\n3. Three\n4. Four')).toBe('• Ask your manager\n• Book it in HR\n3. Three\n4. Four');
    expect(markdownToPlainText('- outer\n  - inner')).toBe('• outer\n  • inner');
  });

  it('shows table rows as cells, with or without the header the passage was cut from', () => {
    expect(markdownToPlainText('| Type | Days |\n| --- | :-: |\n| Vacation | **25** |\n| Sick | 10 |')).toBe('Type — Days\nVacation — 25\nSick — 10');
    expect(markdownToPlainText('| Vacation | 25 |\n| Sick | 10 |')).toBe('Vacation — 25\nSick — 10');
  });

  it('tidies what a cut passage leaves: an unpaired ** and escapes', () => {
    expect(markdownToPlainText('**Carry-over.** Up to 5 days.** Then')).toBe('Carry-over. Up to 5 days. Then');
    expect(markdownToPlainText('Step 1\\. Use \\*only\\* approved tools')).toBe('Step 1. Use *only* approved tools');
  });

  it('keeps code and typed-in markup as text, and images as their alt text', () => {
    expect(markdownToPlainText('Run `npm start` then <script>alert(1)</script> ![the chart](http://evil.example/c.png)')).toBe(
      'Run npm start then <script>alert(1)</script> the chart',
    );
    expect(markdownToPlainText('```sh\nnpm run ingest\n```')).toBe('npm run ingest');
    expect(markdownToPlainText('const __dirname = 1; snake_case_name')).toBe('const __dirname = 1; snake_case_name');
  });

  it('knows which documents are indexed as Markdown', () => {
    expect(['a.md', 'b.MARKDOWN', 'c.html', 'd.htm', 'e.docx', 'f.mdx'].every(isMarkdownStored)).toBe(true);
    expect(['a.pdf', 'b.txt', 'c.png', 'd.csv'].some(isMarkdownStored)).toBe(false);
  });
});

function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    chunkId: 'c1',
    docId: 'a'.repeat(32),
    path: 'handbook/time-off.md',
    root: '/kb',
    title: 'Time off',
    page: null,
    heading: 'Carry-over',
    quote: 'Up to **5 days** carry over.',
    charStart: 100,
    charEnd: 860,
    sourceType: 'document',
    ...overrides,
  };
}

describe('citations as shown', () => {
  it('shows a Markdown quote as text and leaves the citation itself verbatim', () => {
    const cited = citation();
    expect(displayQuote(cited)).toBe('Up to 5 days carry over.');
    expect(cited.quote).toBe('Up to **5 days** carry over.');
    expect(displayQuote(citation({ path: 'manual.pdf', quote: '* not a list' }))).toBe('* not a list');
    expect(displayQuote(citation({ sourceType: 'curated', quote: 'Reviewed **answer**' }))).toBe('Reviewed **answer**');
  });

  it('links to the viewer with the chunk range and the quote, and a PDF to its page', () => {
    const link = new URL(sourceLink(citation())!, 'http://docent');
    expect(link.pathname).toBe(`/sources/${'a'.repeat(32)}`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ start: '100', end: '860', q: 'Up to **5 days** carry over.' });
    // A quote that is the whole chunk adds nothing to the range.
    expect(sourceLink(citation({ charStart: 0, charEnd: 10, quote: '0123456789' }))).toBe(`/sources/${'a'.repeat(32)}?start=0&end=10`);
    expect(sourceLink(citation({ path: 'safety.pdf', page: 2 }))).toBe(`/api/documents/${'a'.repeat(32)}/source#page=2`);
    expect(sourceLink(citation({ sourceType: 'curated' }))).toBeNull();
  });
});

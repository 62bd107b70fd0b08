import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { highlightPassage } from '@/lib/render/highlight';
import { renderSource } from '@/lib/render/source-html';
import { splitSentences } from '@/lib/answer/sentences';

// The viewer marks the quoted sentences of a citation, found in the rendered document however
// its markup splits them, and falls back to the cited chunk when the quote is not there.

const DOCUMENT = [
  '# Time off',
  '## Vacation',
  'Full-time employees get **25 days** of paid vacation per calendar year. Part-time employees get a pro-rated allowance. Requests go through the HR portal.',
  '## Carry-over',
  'Up to 5 unused days carry over to the next year. Carried-over days expire on **31 March**. Your manager may approve more in [exceptional cases](https://example.com/x).',
  '| Leave | Days |\n| --- | --- |\n| Sick leave | 10 |\n| Parental leave | 20 |',
  '## Sick leave',
  'Report sickness to your manager before 10:00. Requests go through the HR portal.',
].join('\n\n');

function viewer(text: string, fileType = 'markdown') {
  const { html } = renderSource(text, fileType);
  const { document } = parseHTML(`<!doctype html><html><body><div id="root">${html}</div></body></html>`);
  return document.getElementById('root')!;
}

function marked(root: ReturnType<typeof viewer>): string[] {
  return Array.from(root.querySelectorAll('mark')).map((mark) => mark.textContent ?? '');
}

function chunkOf(heading: string, next: string | null): string {
  const start = DOCUMENT.indexOf(heading);
  return DOCUMENT.slice(start, next ? DOCUMENT.indexOf(next) : undefined);
}

describe('highlightPassage', () => {
  it('marks the quoted sentence, not the whole chunk, across emphasis', () => {
    const root = viewer(DOCUMENT);
    const chunk = chunkOf('## Carry-over', '## Sick leave');
    const quote = splitSentences(chunk)[1]!; // as the answerer quotes it: "Carried-over days expire on 31 March."
    expect(quote).toBe('Carried-over days expire on 31 March.');
    expect(highlightPassage(root, { quote, chunk, markdown: true })).toBe('quote');
    expect(marked(root).join('')).toBe('Carried-over days expire on 31 March.');
    // The mark follows the markup: the bold date is marked inside <strong>.
    expect(root.querySelector('strong mark')?.textContent).toBe('31 March');
    expect(root.textContent).toContain('Up to 5 unused days carry over');
    expect(root.querySelector('h2 mark')).toBeNull();
  });

  it('marks each of several quoted sentences where they are, and table rows quoted as cells', () => {
    const root = viewer(DOCUMENT);
    const chunk = chunkOf('## Carry-over', '## Sick leave');
    const quote = 'Up to 5 unused days carry over to the next year. Your manager may approve more in exceptional cases. Parental leave — 20';
    expect(highlightPassage(root, { quote, chunk, markdown: true })).toBe('quote');
    expect(marked(root)).toEqual([
      'Up to 5 unused days carry over to the next year.',
      'Your manager may approve more in ',
      'exceptional cases',
      '.',
      'Parental leave',
      '20',
    ]);
    expect(root.querySelector('a mark')?.textContent).toBe('exceptional cases');
    expect(marked(root).join(' ')).not.toContain('Carried-over');
  });

  it('prefers the occurrence inside the cited chunk when a sentence appears twice', () => {
    const root = viewer(DOCUMENT);
    const chunk = chunkOf('## Sick leave', null);
    expect(highlightPassage(root, { quote: 'Requests go through the HR portal.', chunk, markdown: true })).toBe('quote');
    const mark = root.querySelector('mark')!;
    expect(mark.textContent).toBe('Requests go through the HR portal.');
    expect(mark.parentElement?.textContent).toContain('Report sickness');
  });

  it('falls back to the chunk when the quote is not in the document', () => {
    const root = viewer(DOCUMENT);
    const chunk = chunkOf('## Vacation', '## Carry-over');
    expect(highlightPassage(root, { quote: 'Dogs are welcome on Fridays in Building A.', chunk, markdown: true })).toBe('chunk');
    expect(marked(root)).toEqual([
      'Vacation',
      'Full-time employees get ',
      '25 days',
      ' of paid vacation per calendar year. Part-time employees get a pro-rated allowance. Requests go through the HR portal.',
    ]);
    expect(highlightPassage(viewer(DOCUMENT), { quote: null, chunk, markdown: true })).toBe('chunk');
  });

  it('finds a chunk that starts in the middle of a table or a word', () => {
    const root = viewer(DOCUMENT);
    const start = DOCUMENT.indexOf('ck leave | 10');
    const chunk = DOCUMENT.slice(start, DOCUMENT.indexOf('## Sick leave'));
    expect(highlightPassage(root, { quote: null, chunk, markdown: true })).toBe('chunk');
    expect(marked(root)).toEqual(['ck leave', '10', 'Parental leave', '20']);
  });

  it('marks nothing and says so when neither quote nor chunk is there', () => {
    const root = viewer(DOCUMENT);
    expect(highlightPassage(root, { quote: 'Nothing like this is written anywhere.', chunk: 'Nor this, in any form at all.', markdown: true })).toBeNull();
    expect(root.querySelector('mark')).toBeNull();
    // A few common words are not enough to place a mark outside the chunk.
    expect(highlightPassage(root, { quote: 'to the next galaxy over', chunk: null, markdown: true })).toBeNull();
  });

  it('works on plain text documents, and on quotes with HTML-looking text', () => {
    const text = 'Section 1\nThe kiln area requires <heat-resistant> gloves rated to 500 °C.\nSection 2\nNo food in the lab.';
    const root = viewer(text, 'pdf');
    expect(highlightPassage(root, { quote: 'The kiln area requires <heat-resistant> gloves rated to 500 °C.', chunk: text, markdown: false })).toBe('quote');
    expect(marked(root)).toEqual(['The kiln area requires <heat-resistant> gloves rated to 500 °C.']);
    expect(root.querySelector('mark script, script')).toBeNull();
  });
});

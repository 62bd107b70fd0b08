import { describe, expect, it } from 'vitest';
import { extractMarkdown } from '../../../ingest/extractors/markdown';

describe('extractMarkdown', () => {
  it('splits by headings and records each section heading path', () => {
    const document = extractMarkdown('# Handbook\n\nIntro text.\n\n## Leave\n\n### Vacation\n\n25 days.\n\n## Expenses\n\nMeals 45 EUR.');
    expect(document.title).toBe('Handbook');
    expect(document.blocks.map((block) => block.headingPath)).toEqual([['Handbook'], ['Handbook', 'Leave', 'Vacation'], ['Handbook', 'Expenses']]);
    // "## Leave" has no text of its own, so it travels with "### Vacation".
    expect(document.blocks[1]!.text).toBe('## Leave\n\n### Vacation\n\n25 days.');
  });

  it('offsets point into the assembled text', () => {
    const document = extractMarkdown('# A\n\none\n\n# B\n\ntwo');
    for (const block of document.blocks) expect(document.text.slice(block.start, block.start + block.text.length)).toBe(block.text);
  });

  it('ignores headings inside fenced code and reads setext headings', () => {
    const document = extractMarkdown('Title\n=====\n\n```\n# not a heading\n```\n\nSub\n---\n\nbody');
    expect(document.blocks.map((block) => block.headingPath)).toEqual([['Title'], ['Title', 'Sub']]);
    expect(document.blocks[0]!.text).toContain('# not a heading');
  });

  it('takes the title from front matter', () => {
    expect(extractMarkdown('---\ntitle: "Remote work"\ntags: [a]\n---\n# Other\n\ntext').title).toBe('Remote work');
  });
});

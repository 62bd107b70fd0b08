import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../ingest/chunk';
import { assemble } from '../../ingest/extracted-document';
import { extractMarkdown } from '../../ingest/extractors/markdown';

describe('chunkDocument', () => {
  it('never crosses a page and keeps each chunk’s page and offsets', async () => {
    const document = assemble(
      'pdf',
      [
        { text: 'First page. '.repeat(30), page: 1, headingPath: [] },
        { text: 'Second page text.', page: 2, headingPath: [] },
      ],
      { title: 'Manual', author: null, pageCount: 2 },
    );
    const chunks = await chunkDocument(document, { size: 100, overlap: 20 });
    expect(chunks.filter((chunk) => chunk.page === 1).length).toBeGreaterThan(2);
    expect(chunks.at(-1)).toMatchObject({ page: 2, text: 'Second page text.' });
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(100);
      expect(document.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
    }
  });

  it('overlaps consecutive chunks of a long section', async () => {
    const words = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    const chunks = await chunkDocument(assemble('text', [{ text: words, page: null, headingPath: [] }], { title: null, author: null, pageCount: null }), {
      size: 80,
      overlap: 30,
    });
    for (let index = 1; index < chunks.length; index += 1) {
      expect(chunks[index]!.charStart).toBeLessThan(chunks[index - 1]!.charEnd);
    }
  });

  it('embeds each chunk with its title and heading path as context', async () => {
    const chunks = await chunkDocument(extractMarkdown('# Time off\n\n## Vacation\n\n25 days a year.'), { size: 500, overlap: 50 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.headingPath).toEqual(['Time off', 'Vacation']);
    expect(chunks[0]!.embedText.startsWith('Time off › Vacation\n\n')).toBe(true);
  });
});

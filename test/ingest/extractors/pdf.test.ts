import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../../ingest/extractors/pdf';
import { makePdf } from '../../helpers/documents';

describe('extractPdf', () => {
  it('returns text per page with page numbers, title and author', async () => {
    const pdf = await makePdf(['Kilns need gloves rated to 500 degrees.', 'Report injuries within 24 hours.'], { title: 'Safety', author: 'HSE' });
    const document = await extractPdf(pdf);
    expect(document.title).toBe('Safety');
    expect(document.author).toBe('HSE');
    expect(document.pageCount).toBe(2);
    expect(document.blocks.map((block) => [block.page, block.text])).toEqual([
      [1, 'Kilns need gloves rated to 500 degrees.'],
      [2, 'Report injuries within 24 hours.'],
    ]);
  });

  it('says an encrypted PDF needs a password, and opens it with the right one', async () => {
    const pdf = await makePdf(['Board minutes: the budget is approved.'], { userPassword: 's3cret' });
    await expect(extractPdf(pdf)).rejects.toMatchObject({ reason: 'encrypted', detail: expect.stringContaining('passwords.json') });
    await expect(extractPdf(pdf, ['wrong'])).rejects.toMatchObject({ reason: 'encrypted', detail: expect.stringContaining('none of the passwords') });
    const document = await extractPdf(pdf, ['wrong', 's3cret']);
    expect(document.text).toContain('budget is approved');
  });

  it('reports truncated, random and empty files as corrupt', async () => {
    const pdf = await makePdf(['Some text that will be cut off.']);
    await expect(extractPdf(pdf.subarray(0, 200))).rejects.toMatchObject({ reason: 'corrupt' });
    await expect(extractPdf(Buffer.from('%PDF-1.7 garbage garbage garbage'))).rejects.toMatchObject({ reason: 'corrupt' });
    await expect(extractPdf(Buffer.alloc(0))).rejects.toMatchObject({ reason: 'corrupt' });
  });
});

import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../../ingest/extractors/pdf';
import { makePdf } from '../../helpers/documents';

/**
 * A one-page PDF whose font is not embedded and uses Adobe's predefined UniJIS-UCS2-H CMap, as
 * Japanese PDFs from many office tools do: `hex` is the text in UCS-2. Written out by hand (pdfkit
 * always embeds its fonts), with a correct cross-reference table.
 */
function predefinedCMapPdf(hex: string): Buffer {
  const content = `BT /F1 24 Tf 20 100 Td <${hex}> Tj ET`;
  const font = '/BaseFont /KozMinPr6N-Regular';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    `<< /Type /Font /Subtype /Type0 ${font} /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Type /Font /Subtype /CIDFontType0 ${font} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 7 0 R >>`,
    '<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
  ];
  let pdf = '%PDF-1.7\n';
  const offsets = objects.map((body, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

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

  it('reads text in fonts that use a predefined CJK CMap, with the CMaps of the installed pdf.js (no OCR needed)', async () => {
    // 日本語の文書 ("a Japanese document"), in UCS-2.
    const document = await extractPdf(predefinedCMapPdf('65E5672C8A9E306E658766F8'), [], 5);
    expect(document.text).toBe('日本語の文書');
    expect(document.ocrPages).toEqual([]);
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

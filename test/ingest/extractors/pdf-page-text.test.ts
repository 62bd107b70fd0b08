import { describe, expect, it } from 'vitest';
import { type PdfTextItem, formFieldTexts, pdfPageText } from '../../../ingest/extractors/pdf-page-text';

// A text item as pdf.js gives it: 12-point text at (x, y), `width` long.
const item = (str: string, x: number, y: number, width: number, extra: Partial<PdfTextItem> = {}): PdfTextItem => ({
  str,
  dir: /[\u0590-\u08ff\ufb1d-\ufefc]/.test(str) ? 'rtl' : 'ltr',
  transform: [12, 0, 0, 12, x, y],
  width,
  height: 12,
  hasEOL: false,
  ...extra,
});
const same = (text: string) => text;

describe('PDF page text from pdf.js text items', () => {
  it('puts a right-to-left line in logical order, Latin and digits inside it left to right', () => {
    // Drawn left to right, each word already in logical order by pdf.js: "العربية الخطوط انواع" on the page reads انواع first.
    const items = [item('العربية', 100, 700, 60), item(' ', 160, 700, 4), item('الخطوط', 164, 700, 50), item(' ', 214, 700, 4), item('انواع', 218, 700, 40)];
    expect(pdfPageText(items, [], same)).toBe('انواع الخطوط العربية');
    const mixed = [item('2024', 100, 700, 30), item(' ', 130, 700, 4), item('PDF', 134, 700, 30), item(' ', 164, 700, 4), item('ملف النص', 168, 700, 50)];
    expect(pdfPageText(mixed, [], same)).toBe('ملف النص PDF 2024');
  });

  it('turns Arabic presentation forms into letters once the order is right', () => {
    // U+FCCB is the lam–khah ligature: expanded before reordering, its two letters came out swapped.
    expect(pdfPageText([item('ا\uFCCB\uFEC4\uFEEEط', 100, 700, 50)], [], same)).toBe('الخطوط');
  });

  it('separates items on one baseline with a gap, and starts a line on another baseline or a jump back left', () => {
    const items = [item('Jun', 100, 700, 20), item('2012', 130, 700, 25), item('Sales', 100, 680, 30), item('BOTTOM', 300, 40, 40), item('TEXT', 60, 41, 30)];
    expect(pdfPageText(items, [], same)).toBe('Jun 2012\nSales\nBOTTOM\nTEXT');
    expect(pdfPageText([item('Hyph', 100, 700, 24), item('enated', 124, 700, 36)], [], same)).toBe('Hyphenated');
  });

  it('sets a heading set larger than the text apart as a paragraph of its own', () => {
    const heading = item('Section 3: Incident Reporting', 100, 700, 200, { height: 18, transform: [18, 0, 0, 18, 100, 700] });
    const body = [item('Report any injury, however minor, within', 100, 680, 220), item('24 hours using the SafeTrack form.', 100, 666, 190)];
    expect(
      pdfPageText([heading, ...body], [], same)
        .trim()
        .split('\n\n'),
    ).toEqual(['Section 3: Incident Reporting', 'Report any injury, however minor, within\n24 hours using the SafeTrack form.']);
    // A page set in one size has no headings by size.
    expect(pdfPageText(body, [], same)).toBe('Report any injury, however minor, within\n24 hours using the SafeTrack form.');
  });

  it("adds a filled-in form's text fields and chosen entries by page, not button states", () => {
    const fields = {
      name: [{ type: 'text', value: 'Alice', page: 0 }],
      agree: [{ type: 'checkbox', value: 'Off', page: 0 }],
      country: [{ type: 'combobox', value: ['Germany'], page: 1 }],
      empty: [{ type: 'text', value: '', page: 1 }],
    };
    const byPage = formFieldTexts(fields);
    expect([...byPage]).toEqual([
      [0, ['Alice']],
      [1, ['Germany']],
    ]);
    expect(pdfPageText([item('Name:', 100, 700, 30)], byPage.get(0)!, same)).toBe('Name:\nAlice');
  });
});

import bidiFactory from 'bidi-js';

/** The parts of a pdf.js text item this module reads (pdfjs-dist's TextItem). */
export interface PdfTextItem {
  str: string;
  dir: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** The parts of a pdf.js form field this module reads (document.getFieldObjects()). */
export interface PdfFormField {
  type?: string;
  value?: unknown;
  page?: number;
}

const ARABIC_PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFE]+/g;
let bidi: ReturnType<typeof bidiFactory> | null = null;
const RTL_CHAR = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LTR_LETTER = /[\p{L}--[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]]/v;

interface Placed {
  str: string;
  rtl: boolean;
  /** Position along the item's baseline and across it, in the item's own direction (rotated text too). */
  along: number;
  across: number;
  end: number;
  size: number;
  angle: number;
}

function place(item: PdfTextItem): Placed {
  const [a = 1, b = 0, , , x = 0, y = 0] = item.transform;
  const scale = Math.hypot(a, b) || 1;
  const [ux, uy] = [a / scale, b / scale];
  const along = x * ux + y * uy;
  return {
    str: item.str,
    rtl: item.dir === 'rtl',
    along,
    across: -x * uy + y * ux,
    end: along + item.width,
    size: item.height || scale,
    angle: Math.round(Math.atan2(b, a) * 100),
  };
}

/**
 * A right-to-left line in logical order. pdf.js reverses each right-to-left item into logical order
 * but leaves the items in drawing order, usually left to right (visual), so an Arabic line of three
 * words reads backwards. Each such item is turned back to its glyphs' visual order, the line is laid
 * out left to right, and the bidi algorithm's reordering (its own inverse for a line) gives the
 * logical order, with digits and Latin words kept left to right as the reader sees them.
 */
function logicalLine(items: Placed[]): string {
  const sorted = [...items].sort((left, right) => left.along - right.along);
  let visual = '';
  for (const [index, item] of sorted.entries()) {
    const glyphs = item.rtl ? Array.from(item.str).reverse().join('') : item.str;
    const left = sorted[index - 1];
    // Arabic is often drawn a few glyphs at a time in no particular order: the gaps between words show only once the pieces are in place.
    if (left && needsSpace(left, item, item.along - left.end, visual, glyphs)) visual += ' ';
    visual += glyphs;
  }
  bidi ??= bidiFactory();
  return bidi.getReorderedString(visual, bidi.getEmbeddingLevels(visual, 'rtl'));
}

const needsSpace = (before: Placed, after: Placed, gap: number, textBefore: string, textAfter: string) =>
  !/\s$/.test(textBefore) && !/^\s/.test(textAfter) && gap > 0.15 * Math.max(before.size, after.size);

function rtlDominant(text: string): boolean {
  let rtl = 0;
  let ltr = 0;
  for (const char of text) {
    if (RTL_CHAR.test(char)) rtl += 1;
    else if (LTR_LETTER.test(char)) ltr += 1;
  }
  return rtl > ltr;
}

/**
 * Lines of a page from pdf.js's text items in drawing order. A line ends where pdf.js marks one or
 * where the next item sits on another baseline; items on one baseline with a gap between them and
 * no space of their own are kept apart by one (joined blindly, a chart's labels ran together).
 */
function lines(items: PdfTextItem[]): Placed[][] {
  const result: Placed[][] = [];
  let line: Placed[] = [];
  let lastEol = true;
  for (const item of items) {
    const placed = place(item);
    const previous = line.at(-1);
    const sameLine =
      previous !== undefined &&
      !lastEol &&
      placed.angle === previous.angle &&
      Math.abs(placed.across - previous.across) <= 0.5 * Math.max(placed.size, previous.size, 1);
    if (!sameLine && line.length > 0) {
      result.push(line);
      line = [];
    }
    lastEol = item.hasEOL;
    if (!item.str) continue;
    if (previous && sameLine && !placed.rtl && !previous.rtl) {
      const gap = placed.along - previous.end;
      // Drawn further left on the same baseline: another column or a label, not the same phrase.
      if (gap < -Math.max(placed.size, previous.size)) {
        result.push(line);
        line = [];
      } else if (needsSpace(previous, placed, gap, previous.str, placed.str)) line.push({ ...placed, str: ' ' });
    }
    line.push(placed);
  }
  if (line.length > 0) result.push(line);
  return result;
}

const HEADING_SCALE = 1.3;

/** The size most of a page's characters are set in (its body text); 0 for a page without text. */
function bodySize(placed: Placed[][]): number {
  const chars = new Map<number, number>();
  for (const item of placed.flat()) if (item.str.trim()) chars.set(item.size, (chars.get(item.size) ?? 0) + item.str.length);
  let best = 0;
  let most = 0;
  for (const [size, count] of chars) if (count > most) [best, most] = [size, count];
  return best;
}

/**
 * What the form's filled-in text fields and chosen list entries say, by page (0-based): a filled-in
 * form's answers are its content. From the form's field tree, not the page's annotations: pdf.js
 * reads an appearance stream per annotation there, which on a broken file with 32,768 of them took
 * 70 s for one page (shared suite's bug1978317.pdf).
 */
export function formFieldTexts(fields: Record<string, PdfFormField[]> | null): Map<number, string[]> {
  const byPage = new Map<number, string[]>();
  for (const field of Object.values(fields ?? {}).flat()) {
    if (field.page === undefined || !['text', 'combobox', 'listbox'].includes(field.type ?? '')) continue;
    const values = (Array.isArray(field.value) ? field.value : [field.value]).filter((value): value is string => typeof value === 'string');
    const text = values.join(' ').trim();
    if (text) byPage.set(field.page, [...(byPage.get(field.page) ?? []), text]);
  }
  return byPage;
}

/**
 * A page's text from pdf.js's text items (fetched without pdf.js's Unicode normalisation, which would
 * expand an Arabic ligature before the line is put in logical order and so reverse its letters) and
 * its form fields' text; `normalize` is pdf.js's normalizeUnicode, applied once the order is right.
 */
export function pdfPageText(items: PdfTextItem[], fieldTexts: string[], normalize: (text: string) => string): string {
  const placed = lines(items);
  const body = bodySize(placed);
  const text = placed.map((line) => {
    const joined = line.map((item) => item.str).join('');
    const ordered = line.some((item) => item.rtl) && rtlDominant(joined) ? logicalLine(line) : joined;
    // A heading ("Section 3: Incident Reporting and First Aid", set larger than the text) is a paragraph of its own: run into
    // the next line, it became the first words of the section's first sentence, and was quoted so.
    const heading = body > 0 && Math.max(...line.map((item) => item.size)) >= HEADING_SCALE * body && ordered.trim().length <= 120;
    return heading ? `\n${ordered}\n` : ordered;
  });
  // pdf.js leaves most Arabic presentation forms (one code point per contextual glyph shape) as they
  // are; a reader searching types the letters, so they become the letters.
  return normalize([...text, ...fieldTexts].join('\n')).replace(ARABIC_PRESENTATION_FORMS, (forms) => forms.normalize('NFKC'));
}

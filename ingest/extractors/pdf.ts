import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { getDocument, normalizeUnicode } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { textAmount } from '../../lib/text/text-amount';
import { assemble, type ExtractedDocument, ExtractionError } from '../extracted-document';
import { cleanPageText } from './page-text';
import { formFieldTexts, pdfPageText } from './pdf-page-text';

// pdf.js marks its failures by class name; matching names keeps us independent of its internals.
function failureName(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

// RFC 3454 table B.1: characters SASLprep maps to nothing (soft hyphen, zero-width joiners...).
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * PDF 2.0 (AES-256, revision 6) passwords are SASLprep-normalised before hashing; pdf.js does not
 * do that, so a password typed as printed ("SªSL­prep") is also tried in its prepared form.
 */
export function saslprep(password: string): string {
  return password.replace(MAPPED_TO_NOTHING, '').replace(NON_ASCII_SPACE, ' ').normalize('NFKC');
}

/**
 * pdf.js's character maps and standard-font data, from the installed pdfjs-dist (never a download):
 * without them a PDF whose fonts use a predefined CJK CMap (Japanese, Chinese, Korean; vertical
 * writing too) or a non-embedded standard font gives no text, and would be quarantined or OCR'd.
 * pdf.js reads them as files in Node; the paths must end with a separator.
 */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const FONT_DATA = {
  cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
  cMapPacked: true,
  standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
};

const parserFor = (buffer: Buffer, password: string | undefined) => new PDFParse({ data: new Uint8Array(buffer), password, verbosity: 0, ...FONT_DATA });

/**
 * Title, author and each page's text, read with pdf.js itself rather than pdf-parse's getText,
 * which joins a page's text items without regard to direction or position (see pdf-page-text.ts).
 */
async function open(buffer: Buffer, password: string | undefined) {
  const document = await getDocument({ data: new Uint8Array(buffer), password, verbosity: 0, ...FONT_DATA }).promise;
  try {
    const { info } = await document.getMetadata();
    const fields = formFieldTexts(await document.getFieldObjects());
    const pages: { num: number; text: string }[] = [];
    for (let num = 1; num <= document.numPages; num += 1) {
      const page = await document.getPage(num);
      const content = await page.getTextContent({ disableNormalization: true });
      const items = content.items.filter((item): item is TextItem => 'str' in item);
      pages.push({ num, text: pdfPageText(items, fields.get(num - 1) ?? [], normalizeUnicode) });
      page.cleanup();
    }
    return { info: info as { Title?: unknown; Author?: unknown }, pages };
  } finally {
    await document.destroy().catch(() => undefined);
  }
}

/** Opens the PDF with no password, then each candidate; returns what `read` produced and the password that worked. */
async function withPassword<T>(
  buffer: Buffer,
  passwords: string[],
  read: (password: string | undefined) => Promise<T>,
): Promise<{ result: T; password: string | undefined }> {
  if (buffer.length === 0) throw new ExtractionError('corrupt', 'The PDF file is empty (0 bytes).');
  let lastPasswordError: 'missing' | 'wrong' = 'missing';
  const candidates = [...new Set(passwords.flatMap((password) => [password, saslprep(password)]))];
  for (const password of [undefined, ...candidates]) {
    try {
      return { result: await read(password), password };
    } catch (error) {
      if (failureName(error) === 'PasswordException') {
        lastPasswordError = password === undefined ? 'missing' : 'wrong';
        continue;
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new ExtractionError('corrupt', `The PDF could not be parsed: ${message}`, error);
    }
  }
  throw new ExtractionError(
    'encrypted',
    lastPasswordError === 'wrong'
      ? 'The PDF is encrypted and none of the passwords listed for it in passwords.json opened it.'
      : 'The PDF is encrypted and needs a password: add it to passwords.json in the data directory, then run `npm run quarantine -- retry <path>`.',
  );
}

/**
 * PDF text page by page. An encrypted file is opened with no password first (many open with an
 * empty user password), then with each password the passwords file lists for it. Pages with less
 * text than `ocrMinCharsPerPage` are listed for OCR.
 */
export async function extractPdf(buffer: Buffer, passwords: string[] = [], ocrMinCharsPerPage = 0): Promise<ExtractedDocument> {
  const { result } = await withPassword(buffer, passwords, (password) => open(buffer, password));
  const info = result.info ?? {};
  const asText = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  let emptyPages = 0;
  const ocrPages: number[] = [];
  const pages = result.pages.map((page) => {
    const text = cleanPageText(page.text);
    if (!text) emptyPages += 1;
    if (textAmount(text) < ocrMinCharsPerPage) ocrPages.push(page.num);
    return { text, page: page.num, headingPath: [] as string[] };
  });
  return assemble('pdf', pages, { title: asText(info.Title), author: asText(info.Author), pageCount: result.pages.length, emptyPages, ocrPages });
}

/** One page rendered to PNG for OCR (pdf.js through pdf-parse, @napi-rs/canvas underneath). */
export async function renderPdfPage(buffer: Buffer, page: number, scale: number, passwords: string[] = []): Promise<Uint8Array> {
  const { result } = await withPassword(buffer, passwords, async (password) => {
    const parser = parserFor(buffer, password);
    try {
      const shot = await parser.getScreenshot({ partial: [page], scale, imageBuffer: true, imageDataUrl: false });
      const image = shot.pages[0]?.data;
      if (!image?.length) throw new ExtractionError('corrupt', `Page ${page} of the PDF could not be rendered.`);
      return image;
    } finally {
      await parser.destroy().catch(() => undefined);
    }
  });
  return result;
}

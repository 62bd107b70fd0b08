import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';

// Small documents built by the tests themselves, so `npm test` needs no fixture files.

interface PdfKitDocument {
  fontSize(size: number): PdfKitDocument;
  text(text: string): PdfKitDocument;
  addPage(): PdfKitDocument;
  on(event: 'data', listener: (chunk: Buffer) => void): PdfKitDocument;
  on(event: 'end', listener: () => void): PdfKitDocument;
  end(): void;
}

const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit') as new (options: Record<string, unknown>) => PdfKitDocument;

/** A text PDF with one string per page; optionally encrypted with a user password. */
export function makePdf(pages: string[], options: { title?: string; author?: string; userPassword?: string } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const document = new PDFDocument({
      info: { Title: options.title ?? 'Test document', Author: options.author ?? 'Docent tests', CreationDate: new Date('2026-01-01T00:00:00Z') },
      ...(options.userPassword ? { userPassword: options.userPassword, ownerPassword: `${options.userPassword}-owner`, pdfVersion: '1.7' } : {}),
    });
    const chunks: Buffer[] = [];
    document.on('data', (chunk) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    pages.forEach((text, index) => {
      if (index > 0) document.addPage();
      document.fontSize(12).text(text);
    });
    document.end();
  });
}

/** A PDF page with no text at all (what a scanned page looks like to a text extractor). */
export function makeBlankPdf(pageCount: number): Promise<Buffer> {
  return makePdf(Array.from({ length: pageCount }, () => ' '));
}

/** A DOCX with a title (Heading 1) and sections (Heading 2 + paragraphs). */
export async function makeDocx(title: string, sections: { heading: string; paragraphs: string[] }[]): Promise<Buffer> {
  const document = new Document({
    creator: 'Docent tests',
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          ...sections.flatMap((section) => [
            new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_2 }),
            ...section.paragraphs.map((text) => new Paragraph({ text })),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

interface PdfKitImageDocument extends PdfKitDocument {
  image(source: Buffer, x: number, y: number, options: { width: number }): PdfKitImageDocument;
}

/** A PDF whose pages are images only (no text layer), or text for the pages given as strings. */
export function makeScannedPdf(pages: (Buffer | string)[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const document = new PDFDocument({ info: { Title: 'Scanned', CreationDate: new Date('2026-01-01T00:00:00Z') } }) as unknown as PdfKitImageDocument;
    const chunks: Buffer[] = [];
    document.on('data', (chunk) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    pages.forEach((page, index) => {
      if (index > 0) document.addPage();
      if (typeof page === 'string') document.fontSize(12).text(page);
      else document.image(page, 36, 36, { width: 540 });
    });
    document.end();
  });
}

/**
 * A .docx-named zip with one part of `expandedBytes` zeros that deflate to almost nothing: a zip
 * bomb. `declaredBytes` is what the headers claim (a lying header when smaller than the truth).
 */
export async function makeZipBomb(expandedBytes: number, declaredBytes = expandedBytes): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(1 << 20);
  for (let written = 0; written < expandedBytes; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, expandedBytes - written));
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const data = Buffer.concat(compressed);
  const name = Buffer.from('word/document.xml');
  const sizes = (header: Buffer, at: number) => {
    header.writeUInt32LE(data.length, at);
    header.writeUInt32LE(declaredBytes, at + 4);
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  sizes(local, 18);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  sizes(central, 20);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

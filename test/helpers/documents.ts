import { createRequire } from 'node:module';
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

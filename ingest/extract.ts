import fs from 'node:fs/promises';
import path from 'node:path';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import { SUPPORTED_EXTENSIONS, fileTypeOf } from './file-types';

export { SUPPORTED_EXTENSIONS, fileTypeOf };

export interface ExtractRequest {
  file: string;
  /** Passwords to try for an encrypted document, in order. */
  passwords: string[];
  maxFileBytes: number;
  /** What an archive-based format (DOCX) may expand to when unpacked. */
  maxExpandedBytes: number;
  /** PDF pages with fewer visible characters are listed for OCR (0: none). */
  ocrMinCharsPerPage?: number;
}

export interface RenderRequest {
  file: string;
  /** 1-based page of a PDF or a multi-page TIFF. */
  page: number;
  scale: number;
  passwords: string[];
}

/** Extract stage: file bytes → text blocks with pages or heading paths, title and author. */
export async function extractFile(request: ExtractRequest): Promise<ExtractedDocument> {
  const fileType = fileTypeOf(request.file);
  if (!fileType) {
    throw new ExtractionError(
      'unsupported_type',
      `Docent does not read ${path.extname(request.file) || 'extension-less'} files (supported: ${SUPPORTED_EXTENSIONS.join(' ')}).`,
    );
  }
  const stat = await fs.stat(request.file);
  if (stat.size > request.maxFileBytes) {
    throw new ExtractionError(
      'oversize',
      `The file is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(request.maxFileBytes / 1048576).toFixed(1)} MB limit (DOCENT_MAX_FILE_MB).`,
    );
  }
  const buffer = await fs.readFile(request.file);
  // Each parser is imported when a file of its type first arrives: the extraction worker retires when idle, and
  // loading pdf.js, mammoth, linkedom and the canvas for a Markdown file cost about a second of a new file's freshness.
  // A parser's loading now counts against the file's DOCENT_EXTRACT_TIMEOUT_S, and one that fails to load quarantines
  // the file as `corrupt`, as a worker that failed to start did before.
  switch (fileType) {
    case 'pdf':
      return (await import('./extractors/pdf')).extractPdf(buffer, request.passwords, request.ocrMinCharsPerPage ?? 0);
    case 'image':
      return (await import('./extractors/image')).extractImage(buffer);
    case 'docx':
      return (await import('./extractors/docx')).extractDocx(buffer, { maxExpandedBytes: request.maxExpandedBytes });
    case 'html':
      return (await import('./extractors/html')).extractHtml(buffer);
    case 'markdown': {
      const [{ extractMarkdown }, { decodeText }] = await Promise.all([import('./extractors/markdown'), import('./extractors/text')]);
      return extractMarkdown(decodeText(buffer, 'Markdown file'));
    }
    case 'text':
      return (await import('./extractors/text')).extractText(buffer);
  }
}

/** One page as an image for OCR: a PDF page rendered, or a page of an image file. */
export async function renderPage(request: RenderRequest): Promise<Uint8Array> {
  const buffer = await fs.readFile(request.file);
  return fileTypeOf(request.file) === 'pdf'
    ? (await import('./extractors/pdf')).renderPdfPage(buffer, request.page, request.scale, request.passwords)
    : (await import('./extractors/image')).renderImagePage(buffer, request.page);
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import { extractDocx } from './extractors/docx';
import { extractHtml } from './extractors/html';
import { extractMarkdown } from './extractors/markdown';
import { extractImage, renderImagePage } from './extractors/image';
import { extractPdf, renderPdfPage } from './extractors/pdf';
import { decodeText, extractText } from './extractors/text';
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
  switch (fileType) {
    case 'pdf':
      return extractPdf(buffer, request.passwords, request.ocrMinCharsPerPage ?? 0);
    case 'image':
      return extractImage(buffer);
    case 'docx':
      return extractDocx(buffer, { maxExpandedBytes: request.maxExpandedBytes });
    case 'html':
      return extractHtml(buffer);
    case 'markdown':
      return extractMarkdown(decodeText(buffer, 'Markdown file'));
    case 'text':
      return extractText(buffer);
  }
}

/** One page as an image for OCR: a PDF page rendered, or a page of an image file. */
export async function renderPage(request: RenderRequest): Promise<Uint8Array> {
  const buffer = await fs.readFile(request.file);
  return fileTypeOf(request.file) === 'pdf' ? renderPdfPage(buffer, request.page, request.scale, request.passwords) : renderImagePage(buffer, request.page);
}

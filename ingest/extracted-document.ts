import type { ReasonCode } from '../lib/registry';

export type FileType = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'image';

/** A structural unit of a document: a PDF page, or a section under a heading path. */
export interface TextBlock {
  text: string;
  page: number | null;
  headingPath: string[];
  /** Offset of `text` inside ExtractedDocument.text. */
  start: number;
  ocr?: { confidence: number; lowConfidence: boolean };
}

export interface ExtractedDocument {
  fileType: FileType;
  title: string | null;
  author: string | null;
  /** All block texts joined by blank lines; chunk offsets point into it. */
  text: string;
  blocks: TextBlock[];
  pageCount: number | null;
  /** Pages without a usable text layer (PDF), for the gates' message. */
  emptyPages?: number;
  /** Pages to read with OCR: PDF pages below the text threshold, every page of an image. */
  ocrPages?: number[];
  /** Set once OCR ran: pages read, and the mean recognition confidence (0–100). */
  ocr?: { pages: number; meanConfidence: number };
}

/** Why a file could not be turned into text; the reason becomes the quarantine reason. */
export class ExtractionError extends Error {
  readonly reason: ReasonCode;
  readonly detail: string;
  constructor(reason: ReasonCode, detail: string, cause?: unknown) {
    super(detail, cause === undefined ? undefined : { cause });
    this.name = 'ExtractionError';
    this.reason = reason;
    this.detail = detail;
  }

  static isInstance(error: unknown): error is ExtractionError {
    return error instanceof ExtractionError || (error as { name?: string } | null)?.name === 'ExtractionError';
  }
}

/** Joins blocks into one text, filling in each block's offset. */
export function assemble(
  fileType: FileType,
  parts: Omit<TextBlock, 'start'>[],
  meta: { title: string | null; author: string | null; pageCount: number | null; emptyPages?: number; ocrPages?: number[]; ocr?: ExtractedDocument['ocr'] },
): ExtractedDocument {
  const blocks: TextBlock[] = [];
  let text = '';
  for (const part of parts) {
    const body = part.text.trim();
    if (!body) continue;
    if (text) text += '\n\n';
    blocks.push({ ...part, text: body, start: text.length });
    text += body;
  }
  return {
    fileType,
    title: meta.title,
    author: meta.author,
    text,
    blocks,
    pageCount: meta.pageCount,
    emptyPages: meta.emptyPages,
    ocrPages: meta.ocrPages,
    ocr: meta.ocr,
  };
}

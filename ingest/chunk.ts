import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { ExtractedDocument, TextBlock } from './extracted-document';

export interface Chunk {
  index: number;
  /** The passage as it appears in the document (what a citation quotes). */
  text: string;
  /** What is embedded: the passage with its title and heading path as context. */
  embedText: string;
  page: number | null;
  headingPath: string[];
  /** Offsets into ExtractedDocument.text. */
  charStart: number;
  charEnd: number;
  ocr?: TextBlock['ocr'];
}

export interface ChunkOptions {
  size: number;
  overlap: number;
}

export function headingLabel(headingPath: string[]): string | null {
  return headingPath.length ? headingPath.join(' › ') : null;
}

function context(title: string | null, headingPath: string[]): string {
  const parts = [...headingPath];
  if (title && parts[0] !== title) parts.unshift(title);
  return parts.join(' › ');
}

/**
 * Chunk stage: never across a page or a section boundary (so every chunk has one page and one
 * heading path to cite), split inside them by paragraphs, lines, then words, with overlap.
 */
export async function chunkDocument(document: ExtractedDocument, options: ChunkOptions): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: options.size, chunkOverlap: options.overlap });
  const chunks: Chunk[] = [];
  for (const block of document.blocks) {
    const pieces = block.text.length <= options.size ? [block.text] : await splitter.splitText(block.text);
    let cursor = 0;
    for (const piece of pieces) {
      const text = piece.trim();
      if (!text) continue;
      // Pieces come in order and overlap their predecessor, so search from just past the last start.
      let found = block.text.indexOf(text, cursor);
      if (found < 0) found = block.text.indexOf(text);
      const start = found < 0 ? cursor : found;
      cursor = start + 1;
      const prefix = context(document.title, block.headingPath);
      chunks.push({
        index: chunks.length,
        text,
        embedText: prefix ? `${prefix}\n\n${text}` : text,
        page: block.page,
        headingPath: block.headingPath,
        charStart: block.start + start,
        charEnd: block.start + start + text.length,
        ocr: block.ocr,
      });
    }
  }
  return chunks;
}

import { assemble, type ExtractedDocument, ExtractionError } from '../extracted-document';

/** Decodes a text file: BOMs honoured, UTF-8 preferred, Windows-1252 as the legacy fallback. */
export function decodeText(buffer: Buffer, what = 'text file'): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  const sample = buffer.subarray(0, 8192);
  // Text never contains NUL bytes; binary data nearly always does within its first few KB.
  if (sample.includes(0)) throw new ExtractionError('unsupported_type', `This ${what} holds binary data, not text.`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

export function extractText(buffer: Buffer): ExtractedDocument {
  const text = decodeText(buffer).replace(/\r\n?/g, '\n');
  const firstLine =
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? null;
  const title = firstLine && firstLine.length <= 120 ? firstLine : null;
  return assemble('text', [{ text, page: null, headingPath: [] }], { title, author: null, pageCount: null });
}

import mammoth from 'mammoth';
import { type ExtractedDocument, ExtractionError } from '../extracted-document';
import { htmlToDocument } from './html';

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** DOCX through mammoth: Word heading styles become h1–h6 and so the section structure. */
export async function extractDocx(buffer: Buffer): Promise<ExtractedDocument> {
  // A password-protected Word file is an OLE container holding the encrypted package, not a zip.
  if (buffer.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw new ExtractionError('encrypted', 'This Word document is password-protected (or is a legacy .doc file renamed to .docx).');
  }
  if (buffer.subarray(0, 2).toString('latin1') !== 'PK')
    throw new ExtractionError('corrupt', 'This .docx file is not a valid Word document (no zip container).');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (error) {
    throw new ExtractionError('corrupt', `This Word document could not be read: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const document = htmlToDocument(`<html><body><main>${html}</main></body></html>`, 'docx', { readability: false });
  return { ...document, title: document.blocks[0]?.headingPath[0] ?? document.title };
}

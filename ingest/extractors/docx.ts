import mammoth from 'mammoth';
import yauzl from 'yauzl';
import { type ExtractedDocument, ExtractionError } from '../extracted-document';
import { htmlToDocument } from './html';

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** A real Word document has a few dozen parts; a zip with more is not one we should unpack. */
const MAX_ZIP_ENTRIES = 10_000;

export interface DocxLimits {
  /** The sum of the sizes the zip declares for its parts once inflated. */
  maxExpandedBytes: number;
}

/** DOCX through mammoth: Word heading styles become h1–h6 and so the section structure. */
export async function extractDocx(buffer: Buffer, limits: DocxLimits): Promise<ExtractedDocument> {
  // A password-protected Word file is an OLE container holding the encrypted package, not a zip.
  if (buffer.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw new ExtractionError('encrypted', 'This Word document is password-protected (or is a legacy .doc file renamed to .docx).');
  }
  if (buffer.subarray(0, 2).toString('latin1') !== 'PK')
    throw new ExtractionError('corrupt', 'This .docx file is not a valid Word document (no zip container).');
  await checkZipExpansion(buffer, limits);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (error) {
    throw new ExtractionError('corrupt', `This Word document could not be read: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  const document = htmlToDocument(`<html><body><main>${html}</main></body></html>`, 'docx', { readability: false });
  return { ...document, title: document.blocks[0]?.headingPath[0] ?? document.title };
}

/**
 * Walks the zip before mammoth sees it and refuses one that would expand past the limit. mammoth
 * inflates into ArrayBuffers, which live outside the worker's heap limit, so a zip bomb has to be
 * stopped before it is opened. The declared sizes are checked first (cheap), then every part is
 * inflated into nothing with yauzl's size validation, which catches a part that lies about its size.
 */
async function checkZipExpansion(buffer: Buffer, limits: DocxLimits): Promise<void> {
  const overLimit = (entries: number, expandedBytes: number): ExtractionError | null => {
    if (entries > MAX_ZIP_ENTRIES) return new ExtractionError('oversize', `This Word document holds more than ${MAX_ZIP_ENTRIES} parts; it was not unpacked.`);
    if (expandedBytes > limits.maxExpandedBytes) {
      return new ExtractionError(
        'oversize',
        `This Word document would expand to more than ${(limits.maxExpandedBytes / 1048576).toFixed(0)} MB when unpacked (DOCENT_MAX_EXPANDED_MB); it was not opened.`,
      );
    }
    return null;
  };
  const damaged = (error: unknown) =>
    new ExtractionError('corrupt', `This Word document's zip container is damaged: ${error instanceof Error ? error.message : String(error)}`, error);

  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, opened) =>
      error || !opened ? reject(damaged(error ?? 'no zip')) : resolve(opened),
    ),
  );
  let declaredBytes = 0;
  let entries = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: ExtractionError) => {
      zip.close();
      reject(error);
    };
    zip.on('error', (error) => fail(damaged(error)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      entries += 1;
      declaredBytes += entry.uncompressedSize;
      const limit = overLimit(entries, declaredBytes);
      if (limit) return fail(limit);
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return fail(damaged(error ?? 'no stream'));
        stream.on('error', (streamError) => fail(damaged(streamError)));
        stream.on('end', () => zip.readEntry());
        stream.resume();
      });
    });
    zip.readEntry();
  });
}

import { createCanvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { type ExtractedDocument, ExtractionError } from '../extracted-document';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff';

/** The format by its signature bytes; the extension alone proves nothing. */
export function imageFormat(buffer: Buffer): ImageFormat | null {
  if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'jpeg';
  if (buffer.subarray(0, 4).toString('latin1') === 'RIFF' && buffer.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (buffer.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  const tiff = buffer.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'tiff';
  return null;
}

function tiffPages(buffer: Buffer) {
  try {
    const pages = UTIF.decode(buffer).filter((ifd) => ifd.t256 !== undefined);
    if (pages.length === 0) throw new Error('no image in the file');
    return pages;
  } catch (error) {
    throw new ExtractionError('corrupt', `This TIFF image could not be read: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/**
 * An image has no text layer: the document is every page to read with OCR (a multi-page TIFF has
 * several). PNG, JPEG, WebP and BMP are read by Tesseract directly; TIFF is decoded by utif2.
 */
export function extractImage(buffer: Buffer): ExtractedDocument {
  const format = imageFormat(buffer);
  if (!format) throw new ExtractionError('corrupt', 'This image file is not a PNG, JPEG, WebP, BMP or TIFF image (its first bytes say otherwise).');
  const pages = format === 'tiff' ? tiffPages(buffer).length : 1;
  return {
    fileType: 'image',
    title: null,
    author: null,
    text: '',
    blocks: [],
    pageCount: pages,
    emptyPages: pages,
    ocrPages: Array.from({ length: pages }, (_, index) => index + 1),
  };
}

/** One page of an image as something Tesseract reads: the file itself, or a TIFF page as PNG. */
export function renderImagePage(buffer: Buffer, page: number): Uint8Array {
  const format = imageFormat(buffer);
  if (!format) throw new ExtractionError('corrupt', 'This image file is not a PNG, JPEG, WebP, BMP or TIFF image.');
  if (format !== 'tiff') return buffer;
  const ifd = tiffPages(buffer)[page - 1];
  if (!ifd) throw new ExtractionError('corrupt', `This TIFF image has no page ${page}.`);
  try {
    UTIF.decodeImage(buffer, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    const canvas = createCanvas(ifd.width, ifd.height);
    const context = canvas.getContext('2d');
    const image = context.createImageData(ifd.width, ifd.height);
    image.data.set(rgba);
    context.putImageData(image, 0, 0);
    return canvas.toBuffer('image/png');
  } catch (error) {
    throw new ExtractionError(
      'corrupt',
      `Page ${page} of this TIFF image could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}

import { describe, expect, it } from 'vitest';
import { decodeText, extractText } from '../../../ingest/extractors/text';

describe('text extraction', () => {
  it('reads UTF-8, UTF-16 with BOM and Windows-1252', () => {
    expect(decodeText(Buffer.from('héllo', 'utf8'))).toBe('héllo');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')]))).toBe('hi');
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
  });

  it('refuses binary data as unsupported, with a reason', () => {
    expect(() => decodeText(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]))).toThrowError(expect.objectContaining({ reason: 'unsupported_type' }));
  });

  it('uses a short first line as the title', () => {
    const document = extractText(Buffer.from('Cafeteria hours\r\nOpen 8-16.'));
    expect(document.title).toBe('Cafeteria hours');
    expect(document.text).toBe('Cafeteria hours\nOpen 8-16.');
  });
});

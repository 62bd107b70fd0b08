import { describe, expect, it } from 'vitest';
import { isIgnoredName } from '../../../ingest/file-types';
import { DocentError } from '../../../lib/errors';
import { MAX_NAME_BYTES, checkFileType, sanitiseFileName } from '../../../lib/uploads/file-name';
import { TEMP_PREFIX } from '../../../lib/uploads/write-file';

const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (DocentError.isInstance(error)) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('upload file names', () => {
  it('keeps only the last path segment, so no name leaves its folder', () => {
    expect(sanitiseFileName('../../x.md')).toBe('x.md');
    expect(sanitiseFileName('..\\..\\x.md')).toBe('x.md');
    expect(sanitiseFileName('/etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitiseFileName('C:\\Users\\ann\\Leave policy.docx')).toBe('Leave policy.docx');
    expect(sanitiseFileName('report..final.md')).toBe('report.final.md');
    expect(refusal(() => sanitiseFileName('..'))).toMatchObject({ code: 'invalid_file_name', status: 400 });
    expect(refusal(() => sanitiseFileName('a/..'))).toMatchObject({ code: 'invalid_file_name' });
  });

  it('removes control and bidi characters and reserved ones, and normalises to NFC', () => {
    expect(sanitiseFileName('line\nbreak\u0000.md')).toBe('linebreak.md');
    expect(sanitiseFileName('evil\u202Etxt.md')).toBe('eviltxt.md');
    expect(sanitiseFileName('what?<now>.md')).toBe('what--now-.md');
    const decomposed = 'Cafe\u0301.md';
    expect(sanitiseFileName(decomposed)).toBe('Caf\u00e9.md');
    expect(sanitiseFileName(decomposed).length).toBe(7);
  });

  it('refuses names the watcher would skip or that are empty, rather than writing a file nobody reads', () => {
    expect(sanitiseFileName('.hidden.md')).toBe('hidden.md');
    expect(sanitiseFileName('  ...notes.md  ')).toBe('notes.md');
    for (const name of ['', '   ', '\u0000\u0001', '...', '/']) expect(refusal(() => sanitiseFileName(name))).toMatchObject({ code: 'invalid_file_name' });
    expect(refusal(() => sanitiseFileName('~$budget.docx')).message).toMatch(/watcher skips/);
  });

  it('shortens long names within the byte limit and keeps the extension', () => {
    const name = sanitiseFileName(`${'é'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name.startsWith('éé')).toBe(true);
  });

  it('allows only the types the ingester reads', () => {
    for (const name of ['a.md', 'b.PDF', 'c.docx', 'd.txt', 'e.png', 'f.html']) expect(() => checkFileType(name)).not.toThrow();
    for (const name of ['evil.exe', 'archive.zip', 'noextension', 'script.js'])
      expect(refusal(() => checkFileType(name))).toMatchObject({ code: 'unsupported_file_type', status: 415 });
    expect(refusal(() => checkFileType('evil.exe')).message).toMatch(/\.exe.*\.md/);
  });

  it('names temporary files so that the watcher ignores them', () => {
    expect(isIgnoredName(`${TEMP_PREFIX}0000-1111.part`)).toBe(true);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIgnoredName, isIgnoredPath, scanFolder } from '../../ingest/detect';
import { tempDir, writeFile } from '../helpers/temp';

describe('detect', () => {
  it('ignores hidden, temporary and lock files of editors and office suites', () => {
    for (const name of [
      '.DS_Store',
      '.~lock.report.docx#',
      '~$report.docx',
      'notes.md.swp',
      'draft.md~',
      '#notes.md#',
      'download.pdf.crdownload',
      'x.tmp',
      'Thumbs.db',
      '.hidden.md',
    ]) {
      expect(isIgnoredName(name), name).toBe(true);
    }
    for (const name of ['report.docx', 'notes.md', 'README', 'v1.2 plan.pdf']) expect(isIgnoredName(name), name).toBe(false);
    expect(isIgnoredPath('/kb', '/kb/.git/config')).toBe(true);
    expect(isIgnoredPath('/kb', '/kb/docs/plan.md')).toBe(false);
  });

  it('lists files recursively with sizes and kinds, without following links', async () => {
    const root = tempDir();
    writeFile(root, 'a.md', 'hello');
    writeFile(root, 'sub/b.txt', 'world!');
    writeFile(root, '.hidden/c.md', 'secret');
    writeFile(root, 'sub/~$lock.docx', 'lock');
    fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'link-to-sub'));
    const entries = await scanFolder(root);
    expect(entries.map((entry) => [entry.relativePath, entry.kind, entry.size])).toEqual([
      ['a.md', 'file', 5],
      ['link-to-sub', 'symlink', expect.any(Number)],
      ['sub/b.txt', 'file', 6],
    ]);
  });
});

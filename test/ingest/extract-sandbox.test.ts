import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionSandbox } from '../../ingest/extract-sandbox';
import { extractWorkerUrl } from '../../ingest/extract-worker-bundle';
import { makePdf } from '../helpers/documents';
import { tempDir, writeFile } from '../helpers/temp';

let sandbox: ExtractionSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

describe('ExtractionSandbox', () => {
  it('extracts in a worker thread and carries quarantine reasons back', async () => {
    sandbox = new ExtractionSandbox({ workers: 1, timeoutMs: 60_000, memoryMb: 512 });
    const root = tempDir();
    const good = writeFile(root, 'a.pdf', await makePdf(['Kiln gloves are rated to 500 degrees.'], { title: 'Safety' }));
    const locked = writeFile(root, 'b.pdf', await makePdf(['secret'], { userPassword: 'x' }));
    const document = await sandbox.extract({ file: good, passwords: [], maxFileBytes: 1e9, maxExpandedBytes: 1e9 });
    expect(document).toMatchObject({ fileType: 'pdf', title: 'Safety', pageCount: 1 });
    expect(document.blocks[0]!.page).toBe(1);
    await expect(sandbox.extract({ file: locked, passwords: [], maxFileBytes: 1e9, maxExpandedBytes: 1e9 })).rejects.toMatchObject({
      name: 'ExtractionError',
      reason: 'encrypted',
    });
    await expect(sandbox.extract({ file: good, passwords: [], maxFileBytes: 10, maxExpandedBytes: 1e9 })).rejects.toMatchObject({ reason: 'oversize' });
  });

  it('quarantines a file whose parser hangs, balloons or crashes its worker, and keeps working', async () => {
    sandbox = new ExtractionSandbox({ workers: 1, timeoutMs: 1500, memoryMb: 64, workerUrl: new URL('../helpers/stuck-worker.mjs', import.meta.url) });
    const misbehave = (action: string) => sandbox!.extract({ action, value: action } as never);
    await expect(misbehave('spin')).rejects.toMatchObject({
      name: 'ExtractionError',
      reason: 'timeout',
      message: expect.stringContaining('DOCENT_EXTRACT_TIMEOUT_S'),
    });
    await expect(misbehave('grow')).rejects.toMatchObject({ reason: 'oversize', message: expect.stringContaining('DOCENT_WORKER_MEMORY_MB') });
    await expect(misbehave('reject')).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringContaining('XRefEntryException') });
    await expect(misbehave('exit')).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringContaining('parser crashed') });
    await expect(misbehave('echo')).resolves.toEqual({ echo: 'echo' });
  });
});

describe('extractWorkerUrl', () => {
  it('builds the worker as plain JavaScript beside the installed packages, and rewrites it only when it changed', async () => {
    const url = await extractWorkerUrl();
    const file = fileURLToPath(url);
    expect(file).toBe(path.resolve('node_modules/.cache/docent/extract-worker.mjs'));
    const code = fs.readFileSync(file, 'utf8');
    // Runs without a TypeScript loader: Node parses it as it is, and it loads no loader itself.
    expect(spawnSync(process.execPath, ['--check', file]).status).toBe(0);
    expect(code).not.toContain('tsx');
    expect(code).toMatch(/from "pdfjs-dist\/legacy\/build\/pdf\.mjs"/);
    const written = fs.statSync(file).mtimeMs;
    expect(await extractWorkerUrl()).toEqual(url);
    expect(fs.statSync(file).mtimeMs).toBe(written);
  });
});

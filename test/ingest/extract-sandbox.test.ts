import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionSandbox } from '../../ingest/extract-sandbox';
import { buildExtractWorker, EXTRACT_WORKER_URL } from '../../ingest/extract-worker-bundle';
import { bundleModule } from '../../lib/module-bundle.mjs';
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

describe('buildExtractWorker', () => {
  it('builds the worker as plain JavaScript beside the installed packages, the parsers in files loaded on use', async () => {
    await buildExtractWorker();
    const file = fileURLToPath(EXTRACT_WORKER_URL);
    expect(file).toBe(path.resolve('node_modules/.cache/docent/ingest-extract-worker/extract-worker.mjs'));
    const code = fs.readFileSync(file, 'utf8');
    // Runs without a TypeScript loader: Node parses it as it is, and it loads no loader itself.
    expect(spawnSync(process.execPath, ['--check', file]).status).toBe(0);
    expect(code).not.toContain('tsx');
    // pdf.js and the other parsers load when a file of their type comes, not when the worker starts.
    expect(code).not.toContain('pdfjs-dist');
    const chunks = fs
      .readdirSync(path.join(path.dirname(file), 'chunks'))
      .map((name) => fs.readFileSync(path.join(path.dirname(file), 'chunks', name), 'utf8'));
    expect(chunks.some((chunk) => chunk.includes('from "pdfjs-dist/legacy/build/pdf.mjs"'))).toBe(true);
  });

  it('rewrites a bundle only when its content changed', async () => {
    const outdir = path.resolve('node_modules/.cache/docent/test-bundle');
    fs.rmSync(outdir, { recursive: true, force: true });
    const file = fileURLToPath(await bundleModule(path.resolve('lib/text/text-amount.ts'), outdir));
    const written = fs.statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bundleModule(path.resolve('lib/text/text-amount.ts'), outdir);
    expect(fs.statSync(file).mtimeMs).toBe(written);
    const code = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '// stale\n');
    await bundleModule(path.resolve('lib/text/text-amount.ts'), outdir);
    expect(fs.readFileSync(file, 'utf8')).toBe(code);
    expect(fs.readdirSync(outdir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

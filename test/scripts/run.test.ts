import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/run.mjs', ...args], { encoding: 'utf8', cwd: path.resolve('.') });

describe('scripts/run.mjs (npm start, watch and serve run bundled)', () => {
  it('runs a TypeScript entry without a loader, with its arguments, its own paths and its class names', () => {
    const result = run('test/helpers/run-entry.ts', '--json', 'folder');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const seen = JSON.parse(result.stdout.trim());
    expect(seen.argv).toEqual([path.resolve('test/helpers/run-entry.ts'), '--json', 'folder']);
    expect(seen.dirname).toBe(path.resolve('test/helpers'));
    expect(seen.handbook).toBe(path.resolve('examples/handbook'));
    expect(seen.handbookFiles).toBeGreaterThan(0);
    expect(seen.errorName).toBe('DocentError');
    // No TypeScript loader: tsx would have turned source maps on and registered itself.
    expect(seen.sourceMaps).toBe(false);
    expect(seen.loaders).toEqual([]);
    expect(fs.existsSync(path.resolve('node_modules/.cache/docent/test-helpers-run-entry/run-entry.mjs'))).toBe(true);
  });

  it('says so when the entry does not exist or does not build', () => {
    const missing = run('scripts/no-such-command.ts');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('needs an entry point that exists');
    fs.mkdirSync(path.resolve('test/artifacts'), { recursive: true });
    const folder = fs.mkdtempSync(path.resolve('test/artifacts/run-'));
    try {
      fs.writeFileSync(path.join(folder, 'broken.ts'), "import { nothing } from './nowhere';\nnothing();\n");
      const broken = run(path.join(folder, 'broken.ts'));
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/broken\.ts could not be built: .*nowhere/s);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('npm run bundle builds every long-lived bundle ahead of time, so that starting one writes nothing', () => {
    const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { encoding: 'utf8', cwd: path.resolve('.') });
    expect(bundled.stderr).toBe('');
    expect(bundled.status).toBe(0);
    const folders = ['scripts-start', 'scripts-watch', 'scripts-serve', 'ingest-reindex-process', 'ingest-extract-worker'];
    for (const folder of folders) expect(bundled.stdout).toContain(`node_modules/.cache/docent/${folder}`);
    const files = folders.flatMap((folder) => {
      const directory = path.resolve('node_modules/.cache/docent', folder);
      return fs
        .readdirSync(directory, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
    });
    expect(files.some((file) => file.endsWith(path.join('scripts-serve', 'serve.mjs')))).toBe(true);
    expect(files.some((file) => file.endsWith(path.join('ingest-extract-worker', 'extract-worker.mjs')))).toBe(true);
    const written = new Map(files.map((file) => [file, fs.statSync(file).mtimeMs]));
    // What the Docker image relies on to run with read-only files: a current bundle is not written again.
    expect(spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: path.resolve('.') }).status).toBe(0);
    for (const [file, mtime] of written) expect(fs.statSync(file).mtimeMs, file).toBe(mtime);
  });
});

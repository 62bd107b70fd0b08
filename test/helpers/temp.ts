import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, inject } from 'vitest';
import { type Config, loadConfig } from '../../lib/config';

const perTest: string[] = [];
const perFile: string[] = [];

afterEach(() => {
  for (const folder of perTest.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});
afterAll(() => {
  for (const folder of perFile.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder, removed after the test that made it (or after the file, from a beforeAll). */
export function tempDir(prefix = 'docent-test-'): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  (expect.getState().currentTestName ? perTest : perFile).push(folder);
  return folder;
}

/**
 * The run's embedding cache (test/global-setup.ts), for a test's configuration or a child process's environment. A test
 * that counts what is embedded turns it off with DOCENT_EMBED_CACHE: ''.
 */
export function testEmbedCache(): { DOCENT_EMBED_CACHE: string } {
  return { DOCENT_EMBED_CACHE: inject('vectorCache') };
}

/** A configuration for tests: a fresh data directory, fast watcher settings and the run's embedding cache, plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      DOCENT_DATA_DIR: tempDir('docent-data-'),
      DOCENT_WATCH_STABILITY_MS: '100',
      DOCENT_WATCH_POLL_MS: '25',
      DOCENT_JOB_POLL_MS: '25',
      DOCENT_RENAME_GRACE_MS: '300',
      DOCENT_EMBED_THREADS: '1',
      DOCENT_EMBED_RETRIES: '1',
      DOCENT_EXTRACT_TIMEOUT_S: '60',
      ...testEmbedCache(),
      ...overrides,
    },
    process.cwd(),
  );
}

export function writeFile(root: string, relativePath: string, content: string | Buffer): string {
  const file = path.join(root, relativePath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  throw new Error(`Timed out waiting for ${options.what ?? 'a condition'} (last value: ${JSON.stringify(last)})`);
}

import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// app/_server modules import 'server-only', which Next.js resolves itself (to an empty module on
// the server, to an error in client bundles); the tests are server code, so they get the empty one.
const serverOnly = createRequire(import.meta.url).resolve('next/dist/compiled/server-only/empty.js');
const alias = { '@': path.resolve(import.meta.dirname), 'server-only': serverOnly };
const globalSetup = ['test/global-setup.ts'];

// `unit` needs nothing outside the repository (npm test); `full` adds the suites on ../shared (datasets, Qdrant's
// OpenAPI contract) and the browser tests, and `faults` the quick fault tests (npm run test:full runs all three).
// `cluster` runs Docent against three real Qdrant processes and needs their binary in QDRANT_BIN
// (npm run test:cluster); neither npm test nor test:full runs it.

/** A project whose files each start servers, browsers or child processes of their own: they run one at a time. */
function oneFileAtATime(name: string, include: string[], timeouts = { testTimeout: 600_000, hookTimeout: 600_000 }) {
  return { resolve: { alias }, test: { name, include, globalSetup, ...timeouts, pool: 'forks' as const, fileParallelism: false } };
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          globalSetup,
          include: ['test/**/*.test.ts'],
          exclude: ['test/datasets/**', 'test/e2e/**', 'test/faults/**', 'test/cluster/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Vitest runs one file at a time on two cores (it leaves one for itself), but most unit files wait on child
          // processes, timers and disk as much as they compute: two at a time took npm test from about 500 s to 294 s
          // on the 2-core development machine.
          maxWorkers: Math.max(2, os.availableParallelism() - 1),
        },
      },
      oneFileAtATime('full', ['test/datasets/**/*.test.ts', 'test/e2e/**/*.test.ts']),
      // A project of its own so that CI can run it beside `full` in a second process: its tests mostly wait on the child
      // processes they kill, starve or fill the disk under.
      oneFileAtATime('faults', ['test/faults/**/*.test.ts']),
      oneFileAtATime('cluster', ['test/cluster/**/*.test.ts'], { testTimeout: 1_800_000, hookTimeout: 120_000 }),
    ],
  },
});

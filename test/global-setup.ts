import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The embedding cache the run's tests share (test/helpers/temp.ts testConfig, their child processes). */
    vectorCache: string;
  }
}

/**
 * One embedding cache per run: most test files ingest the sample handbook and embed the same questions, and the
 * local model spent about 230 of the unit tests' 313 embedding seconds on texts another file had embedded. A fresh
 * file each run, so a change to the embedder is never hidden by vectors from before it.
 */
export default function setup(project: TestProject) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-test-vectors-'));
  project.provide('vectorCache', path.join(folder, 'vectors.sqlite'));
  return () => fs.rmSync(folder, { recursive: true, force: true });
}

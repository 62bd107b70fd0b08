import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocentError } from '../lib/errors';
import { bundleDirectory, bundleModule } from '../lib/module-bundle.mjs';

const ENTRY = path.join(import.meta.dirname, 'extract-worker.ts');
const OUTDIR = bundleDirectory(path.resolve(import.meta.dirname, '..'), ENTRY);

/** The extraction worker's script, once buildExtractWorker has run (bundleModule names it after the entry). */
export const EXTRACT_WORKER_URL = pathToFileURL(path.join(OUTDIR, 'extract-worker.mjs'));

export class ExtractWorkerBuildError extends DocentError {
  constructor(message: string, cause?: unknown) {
    // Transient: not the file's fault, so files wait and are retried rather than quarantined.
    super('extract_worker_build_failed', message, { cause, transient: true });
  }
}

let built: Promise<void> | null = null;

/**
 * Builds the extraction worker as plain JavaScript (EXTRACT_WORKER_URL): extract-worker.ts and Docent's
 * own modules bundled by esbuild, once per process; a failed build is tried again by the next call.
 * Loaded through a TypeScript loader instead, the worker held about 450 MB more after one small PDF:
 * the loader processed pdf.js's megabytes of JavaScript and had Node read their source maps.
 */
export function buildExtractWorker(): Promise<void> {
  built ??= bundleModule(ENTRY, OUTDIR).then(
    () => undefined,
    (error: unknown) => {
      built = null;
      throw new ExtractWorkerBuildError(`The extraction worker could not be built from ${ENTRY} into ${OUTDIR}: ${(error as Error).message}`, error);
    },
  );
  return built;
}

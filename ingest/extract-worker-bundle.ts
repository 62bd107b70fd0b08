import path from 'node:path';
import { DocentError } from '../lib/errors';
import { bundleModule } from '../lib/module-bundle.mjs';

const ENTRY = path.join(import.meta.dirname, 'extract-worker.ts');
const OUTPUT = path.resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'docent', 'ingest-extract-worker');

export class ExtractWorkerBuildError extends DocentError {
  constructor(message: string, cause?: unknown) {
    // Transient: not the file's fault, so files wait and are retried rather than quarantined.
    super('extract_worker_build_failed', message, { cause, transient: true });
  }
}

let built: Promise<URL> | null = null;

/**
 * The extraction worker as plain JavaScript: extract-worker.ts and Docent's own modules bundled by
 * esbuild, once per process. Loaded through a TypeScript loader instead, the worker held about
 * 450 MB more after one small PDF: the loader processed pdf.js's megabytes of JavaScript and had
 * Node read their source maps.
 */
export function extractWorkerUrl(): Promise<URL> {
  built ??= bundleModule(ENTRY, OUTPUT).catch((error: unknown) => {
    built = null;
    throw new ExtractWorkerBuildError(`The extraction worker could not be built from ${ENTRY} into ${OUTPUT}: ${(error as Error).message}`, error);
  });
  return built;
}

import { DocentError } from '../lib/errors';
import type { ReasonCode } from '../lib/registry';
import { WorkerCrashedError, WorkerPool, WorkerTaskError, WorkerTimeoutError } from '../lib/worker-pool';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import type { ExtractRequest, RenderRequest } from './extract';
import { extractWorkerUrl } from './extract-worker-bundle';

export interface ExtractionSandboxOptions {
  workers: number;
  timeoutMs: number;
  memoryMb: number;
  /** Retire a worker idle this long (null: keep it). */
  idleMs?: number | null;
  /** The worker module (tests substitute one that misbehaves on purpose). */
  workerUrl?: URL;
}

/**
 * Runs the extract stage in worker threads with a time limit per file and a heap limit per
 * worker: a parser that hangs or balloons on a hostile file is stopped and the file is
 * quarantined (`timeout`, `oversize`), while the watcher carries on.
 */
export class ExtractionSandbox {
  private pool: Promise<WorkerPool<ExtractRequest | (RenderRequest & { kind: 'render' }), ExtractedDocument | Uint8Array>> | null = null;

  private closed = false;

  constructor(private readonly options: ExtractionSandboxOptions) {}

  /** The pool, made on first use: the worker's script is built then (extract-worker-bundle.ts). */
  private workers() {
    if (this.closed) return Promise.reject(new DocentError('extraction_sandbox_closed', 'The extraction sandbox is closed.'));
    this.pool ??= (async () =>
      new WorkerPool<ExtractRequest | (RenderRequest & { kind: 'render' }), ExtractedDocument | Uint8Array>({
        url: this.options.workerUrl ?? (await extractWorkerUrl()),
        size: this.options.workers,
        idleMs: this.options.idleMs ?? undefined,
        resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, this.options.memoryMb / 16)) },
      }))().catch((error: unknown) => {
      this.pool = null; // the next extraction tries again
      throw error;
    });
    return this.pool;
  }

  async extract(request: ExtractRequest): Promise<ExtractedDocument> {
    return (await this.run(request)) as ExtractedDocument;
  }

  /** Renders one page for OCR in the sandbox (pdf.js and image decoders are parsers too). */
  async render(request: RenderRequest): Promise<Uint8Array> {
    return (await this.run({ ...request, kind: 'render' })) as Uint8Array;
  }

  private async run(request: ExtractRequest | (RenderRequest & { kind: 'render' })): Promise<ExtractedDocument | Uint8Array> {
    try {
      return await (await this.workers()).run(request, { timeoutMs: this.options.timeoutMs });
    } catch (error) {
      if (error instanceof WorkerTaskError) {
        if (error.remoteName === 'ExtractionError') throw new ExtractionError(error.fields.reason as ReasonCode, String(error.fields.detail));
        throw new ExtractionError('corrupt', `The file could not be read: ${error.message}`);
      }
      if (error instanceof WorkerTimeoutError) {
        throw new ExtractionError('timeout', `Text extraction took longer than ${this.options.timeoutMs / 1000} s (DOCENT_EXTRACT_TIMEOUT_S) and was stopped.`);
      }
      if (error instanceof WorkerCrashedError && error.outOfMemory) {
        throw new ExtractionError(
          'oversize',
          `Text extraction needed more than ${this.options.memoryMb} MB of memory (DOCENT_WORKER_MEMORY_MB) and was stopped.`,
        );
      }
      // A parser that dies on a file (pdf.js can reject a promise nobody awaits on a damaged
      // cross-reference table) takes its worker with it; the pool starts a new one and the file
      // is quarantined, found by fuzzing the shared PDFs.
      if (error instanceof WorkerCrashedError) throw new ExtractionError('corrupt', `The parser crashed on this file: ${error.message}`);
      throw error;
    }
  }

  prepare(): void {
    // A worker that cannot be built fails the extraction that needs it, with the reason.
    this.workers().then(
      (pool) => pool.prestart(),
      () => undefined,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = await this.pool?.catch(() => null);
    await pool?.close();
  }
}

import type { ReasonCode } from '../lib/registry';
import { WorkerCrashedError, WorkerPool, WorkerTaskError, WorkerTimeoutError } from '../lib/worker-pool';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import type { ExtractRequest, RenderRequest } from './extract';
import { buildExtractWorker, EXTRACT_WORKER_URL } from './extract-worker-bundle';

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
  private readonly pool: WorkerPool<ExtractRequest | (RenderRequest & { kind: 'render' }), ExtractedDocument | Uint8Array>;

  constructor(private readonly options: ExtractionSandboxOptions) {
    this.pool = new WorkerPool({
      url: options.workerUrl ?? EXTRACT_WORKER_URL,
      size: options.workers,
      idleMs: options.idleMs ?? undefined,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(16, options.memoryMb / 16)) },
    });
  }

  /** The worker's script is there: built once per process before a worker starts from it. */
  private ready(): Promise<void> {
    return this.options.workerUrl ? Promise.resolve() : buildExtractWorker();
  }

  async extract(request: ExtractRequest): Promise<ExtractedDocument> {
    return (await this.run(request)) as ExtractedDocument;
  }

  /** Renders one page for OCR in the sandbox (pdf.js and image decoders are parsers too). */
  async render(request: RenderRequest): Promise<Uint8Array> {
    return (await this.run({ ...request, kind: 'render' })) as Uint8Array;
  }

  private async run(request: ExtractRequest | (RenderRequest & { kind: 'render' })): Promise<ExtractedDocument | Uint8Array> {
    await this.ready();
    try {
      return await this.pool.run(request, { timeoutMs: this.options.timeoutMs });
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
    this.ready().then(
      () => this.pool.prestart(),
      () => undefined,
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

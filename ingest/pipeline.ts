import { EventEmitter } from 'node:events';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import type { EmbeddingScheduler } from '../lib/embedder/embedding-scheduler';
import { type JobOrigin, type JobQueue, LIVE_QUEUE } from '../lib/jobs';
import { pipelineOwner } from '../lib/pipeline-lock';
import type { DocumentRecord, Registry } from '../lib/registry';
import type { VectorIndex } from '../lib/vector-index/types';
import { reconcileFolder } from './detect';
import type { ExtractRequest, RenderRequest } from './extract';
import type { ExtractedDocument } from './extracted-document';
import type { JobResult } from './job-result';
import { JobRunner } from './job-runner';
import { type RetokenizeResult, type TermsEvent, retokenizeGeneration } from './retokenize';
import type { OcrEngine } from './ocr';
import { DocumentProcessor } from './process-document';
import { DocumentTransitions } from './transitions';

export interface Extractor {
  extract(request: ExtractRequest): Promise<ExtractedDocument>;
  /** A page as an image, for OCR. */
  render(request: RenderRequest): Promise<Uint8Array>;
  /** A file is on its way: start what the first extraction would wait for. */
  prepare?(): void;
  close(): Promise<void>;
}

/** Where documents go: a generation's registry and index, its embedder, and the queue feeding it. */
export interface PipelineTarget {
  registry: Registry;
  jobs: JobQueue;
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
  /** Re-reads which generation serves; true when it changed (after a reindex in another process). */
  refresh?: () => Promise<boolean>;
}

export interface PipelineDependencies {
  config: Config;
  db: Db;
  target: PipelineTarget;
  extractor: Extractor;
  passwordsFor: (root: string, relativePath: string) => string[];
  /** Another generation built with the same embedder whose stored vectors may be reused (reindex). */
  vectorDonor?: VectorIndex | null;
  /** The OCR pool for pages without a text layer and for images; null when OCR is off. */
  ocr?: OcrEngine | null;
}

export interface PipelineEvents {
  job: [JobResult];
  error: [Error];
  /** The vector store went away (`down`), or answers again. */
  outage: [{ down: boolean; detail: string }];
  /** A document enters a stage: for tracing a stuck or slow ingest (DOCENT_DEBUG), and the crash test. */
  stage: [{ path: string; stage: PipelineStage }];
  /** The index's terms are being re-read for this tokenizer (retokenize.ts), and when that is done. */
  terms: [TermsEvent];
}

export type PipelineStage = 'extracting' | 'chunking' | 'embedding' | 'writing';

/**
 * Ingestion for one target: folder scans turn into persisted jobs, the job runner processes them
 * through the stages of one document (process-document.ts), and each outcome is committed by a
 * document transition (transitions.ts). One pipeline owns a job queue at a time.
 */
export class Pipeline extends EventEmitter<PipelineEvents> {
  /** Roots whose changes may not all be queued (a write failed): scanned again until that works. */
  readonly rescan = new Set<string>();
  /** Roots a watcher follows: reconciled again when another process switches the serving generation. */
  readonly watchedRoots = new Set<string>();
  private readonly transitions: DocumentTransitions;
  private readonly runner: JobRunner;

  constructor(private readonly deps: PipelineDependencies) {
    super();
    this.transitions = new DocumentTransitions(deps.db, deps.target);
    const processor = new DocumentProcessor(deps, this.transitions, (path, stage) => this.emit('stage', { path, stage }));
    this.runner = new JobRunner(deps, processor, this.transitions, {
      events: this,
      reconcile: (root) => this.reconcile(root),
      retokenize: () => this.retokenize(),
      rescan: this.rescan,
      watchedRoots: this.watchedRoots,
    });
  }

  /** Claims the data directory's pipeline lock; another live pipeline keeps it. */
  acquireLock(): void {
    this.runner.acquireLock();
  }

  releaseLock(): void {
    this.runner.releaseLock();
  }

  /** Another live process holding the pipeline lock of `queue`, if any. */
  static lockOwner(db: Db, queue: string = LIVE_QUEUE): number | null {
    return pipelineOwner(db, queue);
  }

  /** Enqueues what changed under `root` since the registry last saw it. */
  async reconcile(root: string, origin: JobOrigin = 'live') {
    return reconcileFolder({
      root,
      origin,
      registry: this.deps.target.registry,
      jobs: this.deps.target.jobs,
      renameGraceMs: this.deps.config.pipeline.renameGraceMs,
      onIrregular: (entry, docId) => this.transitions.irregular(root, entry, docId),
    });
  }

  /**
   * Re-reads the index's terms when they were written by another tokenizer version; the job runner
   * does this before it takes a job, and again after a switch to another generation.
   */
  async retokenize(): Promise<RetokenizeResult | null> {
    const { db, target } = this.deps;
    const result = await retokenizeGeneration(
      { db, index: target.index, registry: target.registry },
      { onProgress: (progress) => this.emit('terms', { phase: 'progress', ...progress }), shouldStop: () => this.isStopping },
    );
    if (result) this.emit('terms', { phase: 'done', ...result });
    return result;
  }

  /** Processes queued jobs (see JobRunner.run). */
  run(mode: 'untilIdle' | 'forever', options: { root?: string } = {}): Promise<void> {
    return this.runner.run(mode, options);
  }

  /**
   * A file of a type Docent reads moved in a watched folder: start the extraction and embedding workers now, while the write settles
   * (DOCENT_WATCH_STABILITY_MS), so that a file arriving after idle workers retired does not wait for their loading.
   */
  prepare(): void {
    this.deps.extractor.prepare?.();
    this.deps.target.scheduler.prepare();
  }

  /** Ends the wait for the next due job: something was queued. */
  wake(): void {
    this.runner.wake();
  }

  /** Asks the loop to finish the documents in hand and return. */
  stop(): void {
    this.runner.stop();
  }

  get isStopping(): boolean {
    return this.runner.isStopping;
  }

  /** Forces the next run to re-read a document (after a password was added, say). */
  retry(docId: string): DocumentRecord | null {
    const doc = this.transitions.requeue(docId);
    if (doc) this.wake();
    return doc;
  }
}

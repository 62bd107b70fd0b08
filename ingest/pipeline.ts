import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../lib/config';
import { type Db, getMeta, nowSeconds, setMeta } from '../lib/db';
import type { EmbeddingScheduler } from '../lib/embedder/embedding-scheduler';
import { identityKey } from '../lib/embedder/types';
import { DocentError, PipelineLockedError, describeError } from '../lib/errors';
import { documentId, fileSha256, textHash } from '../lib/ids';
import { type Job, type JobOrigin, type JobQueue, LIVE_QUEUE, requeueDocument } from '../lib/jobs';
import { lockKey, ownerIsAlive, pipelineOwner, processOwner } from '../lib/pipeline-lock';
import type { DocumentRecord, ReasonCode, Registry } from '../lib/registry';
import type { StoredPoint, VectorIndex } from '../lib/vector-index/types';
import { chunkDocument } from './chunk';
import { type ScannedEntry, type WatchEvent, kindOf, reconcileFolder, watchFolder } from './detect';
import { embedChunks, planChunks, tagsFor } from './embed';
import type { ExtractRequest, RenderRequest } from './extract';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import { checkQuality } from './gate';
import { OcrEngine, OcrLanguageError, OcrPageError, applyOcr } from './ocr';
import { writeDocumentChunks } from './write-index';

export type Outcome = 'indexed' | 'unchanged' | 'quarantined' | 'duplicate' | 'deleted' | 'moved' | 'retry';

export interface JobResult {
  job: Job;
  outcome: Outcome;
  reason?: ReasonCode | null;
  detail?: string | null;
  chunks?: number;
  embedded?: number;
  durationS: number;
}

export interface Extractor {
  extract(request: ExtractRequest): Promise<ExtractedDocument>;
  /** A page as an image, for OCR. */
  render(request: RenderRequest): Promise<Uint8Array>;
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
}

export type PipelineStage = 'extracting' | 'chunking' | 'embedding' | 'writing';

const IRREGULAR_DETAIL: Record<Exclude<ScannedEntry['kind'], 'file'>, string> = {
  symlink: 'A symbolic link: Docent does not follow links (copy the file into the folder instead).',
  fifo: 'A named pipe (FIFO), not a document.',
  socket: 'A socket, not a document.',
  device: 'A device file, not a document.',
  unreadable_name: 'The file name is not valid UTF-8, so it cannot be opened reliably: rename the file.',
};

function isTransient(error: unknown): boolean {
  if (DocentError.isInstance(error)) return error.transient;
  const code = (error as { code?: string } | null)?.code ?? '';
  return ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'ENOSPC', 'EROFS', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN'].some(
    (transient) => code.startsWith(transient),
  );
}

/** Thrown inside a commit to roll it back when an identical document was indexed meanwhile. */
class DuplicateRace extends Error {}

/** How many times an unexpected (non-transient) failure is retried before the file is quarantined. */
const MAX_UNEXPECTED_ATTEMPTS = 4;

/**
 * Wires the stages (detect → extract → gate → chunk → embed → write-index) and runs the
 * persisted job queue. One pipeline owns a data directory at a time.
 */
export class Pipeline extends EventEmitter<PipelineEvents> {
  private readonly owner = processOwner();
  private readonly inFlight = new Map<string, Promise<JobResult>>();
  private readonly watchedRoots = new Set<string>();
  /** Roots whose changes may not all be queued (a write failed): scanned again until that works. */
  readonly rescan = new Set<string>();
  private wakeUp: (() => void) | null = null;
  /** Set while the index is unreachable, so an outage is reported once rather than per document. */
  private outage: string | null = null;
  private stopping = false;
  private locked = false;

  constructor(private readonly deps: PipelineDependencies) {
    super();
  }

  /** The dependencies with the target's current generation (a refresh may have replaced it). */
  private get parts() {
    const { target } = this.deps;
    return {
      ...this.deps,
      registry: target.registry,
      jobs: target.jobs,
      index: target.index,
      scheduler: target.scheduler,
    };
  }

  private get lockKey(): string {
    return lockKey(this.deps.target.jobs.queue);
  }

  /** Claims the data directory's pipeline lock; another live pipeline keeps it. */
  acquireLock(): void {
    const { db } = this.parts;
    db.transaction(() => {
      const current = getMeta(db, this.lockKey);
      if (current && current !== this.owner && ownerIsAlive(current)) throw new PipelineLockedError(Number(current.split(':')[1]), this.deps.config.dataDir);
      setMeta(db, this.lockKey, this.owner);
    }).immediate();
    this.locked = true;
    this.deps.target.jobs.releaseStaleLeases(ownerIsAlive);
    this.deps.target.jobs.releaseLeases(this.owner);
  }

  releaseLock(): void {
    if (!this.locked) return;
    const { db } = this.parts;
    try {
      db.transaction(() => {
        if (getMeta(db, this.lockKey) === this.owner) db.prepare('delete from meta where key = ?').run(this.lockKey);
        this.deps.target.jobs.releaseLeases(this.owner);
      })();
    } catch {
      // The database may be unwritable (full disk); the lease check at next start cleans up.
    }
    this.locked = false;
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
      onIrregular: (entry, docId) => this.recordIrregular(root, entry, docId),
    });
  }

  private recordIrregular(root: string, entry: ScannedEntry, docId: string): void {
    if (entry.kind === 'file') return;
    const existing = this.deps.target.registry.get(docId);
    if (existing?.status === 'quarantined' && existing.detail === IRREGULAR_DETAIL[entry.kind]) return;
    this.deps.target.registry.save(docId, {
      root,
      path: entry.relativePath,
      status: 'quarantined',
      reason: 'unsupported_type',
      detail: IRREGULAR_DETAIL[entry.kind],
      size: entry.size,
      mtimeMs: entry.mtimeMs,
    });
  }

  /** Turns watcher events into persisted jobs. */
  handleWatchEvent(root: string, event: WatchEvent): void {
    const { jobs, registry, config } = this.parts;
    if (event.type === 'rescan') {
      this.rescan.add(root);
      return;
    }
    if (event.type === 'delete_dir') {
      const prefix = `${event.relativePath}/`;
      for (const doc of registry.listByRoot(root)) {
        if (doc.path.startsWith(prefix) && doc.status !== 'deleted') {
          jobs.enqueue({
            docId: doc.id,
            root,
            path: doc.path,
            kind: 'delete',
            delayMs: config.pipeline.renameGraceMs,
          });
        }
      }
    } else {
      const docId = documentId(root, event.relativePath);
      if (event.type === 'upsert' && !registry.get(docId))
        registry.save(docId, {
          root,
          path: event.relativePath,
          status: 'pending',
        });
      jobs.enqueue({
        docId,
        root,
        path: event.relativePath,
        kind: event.type,
        delayMs: event.type === 'delete' ? config.pipeline.renameGraceMs : 0,
      });
    }
    this.wake();
  }

  async watch(root: string) {
    this.watchedRoots.add(root);
    return watchFolder({
      root,
      stabilityMs: this.deps.config.pipeline.watchStabilityMs,
      pollMs: this.deps.config.pipeline.watchPollMs,
      onEvent: (event) => {
        try {
          this.handleWatchEvent(root, event);
        } catch (error) {
          // The change could not be queued (a full disk, say): a later scan of the folder finds it.
          this.rescan.add(root);
          this.emit('error', new Error(`Could not queue a change under ${root}: ${describeError(error)} The folder will be scanned again.`));
        }
      },
      onError: (error) => this.emit('error', error instanceof Error ? error : new Error(String(error))),
    });
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Asks the loop to finish the documents in hand and return. */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Processes jobs until none is due (`untilIdle`), or until stop() (`forever`). With `root`,
   * only that folder's jobs are waited for, though any due job may be processed.
   */
  async run(mode: 'untilIdle' | 'forever', options: { root?: string } = {}): Promise<void> {
    const { jobs, config } = this.parts;
    const concurrency = config.pipeline.documentConcurrency;
    const leaseSeconds = (config.extraction.timeoutMs + config.embedder.timeoutMs * 4) / 1000 + 60;
    let lastRefresh = performance.now();
    let lastProbe = performance.now();
    let lastRescan = performance.now();
    while (!this.stopping) {
      if (this.rescan.size && performance.now() - lastRescan > 5000) {
        lastRescan = performance.now();
        for (const root of [...this.rescan]) {
          try {
            await this.reconcile(root);
            this.rescan.delete(root);
          } catch (error) {
            this.emit('error', new Error(`Scanning ${root} failed again: ${describeError(error)} Retrying in 5 s.`));
          }
        }
      }
      if (this.outage && performance.now() - lastProbe > 3000) {
        // During an outage the index is probed every few seconds, so waiting documents resume as
        // soon as it answers rather than when each one's backoff runs out.
        lastProbe = performance.now();
        const health = await this.parts.index.health().catch(() => ({ ok: false }));
        if (health.ok) {
          this.parts.jobs.retryFailedNow();
          this.outage = null;
          this.emit('outage', { down: false, detail: 'The vector index answers again; waiting documents are being processed.' });
        }
      }
      if (this.inFlight.size === 0 && this.deps.target.refresh && performance.now() - lastRefresh > 2000) {
        // Between documents only: a reindex elsewhere may have switched the serving generation.
        lastRefresh = performance.now();
        try {
          if (await this.deps.target.refresh()) {
            // The serving generation changed under us (reindex or rollback elsewhere): bring it
            // up to date with whatever changed in the watched folders meanwhile.
            for (const root of this.watchedRoots) await this.reconcile(root);
          }
        } catch (error) {
          this.emit('error', error instanceof Error ? error : new Error(String(error)));
        }
      }
      const free = concurrency - this.inFlight.size;
      if (free > 0) {
        let claimed: Job[] = [];
        try {
          claimed = jobs.claimDue(this.owner, free, leaseSeconds, new Set(this.inFlight.keys()));
        } catch (error) {
          this.emit('error', error instanceof Error ? error : new Error(String(error)));
        }
        for (const job of claimed) {
          const work = this.process(job).finally(() => {
            this.inFlight.delete(job.docId);
            this.wake();
          });
          this.inFlight.set(job.docId, work);
        }
      }
      if (mode === 'untilIdle' && this.inFlight.size === 0) {
        const remaining = jobs.pending(options.root ? { root: options.root } : {});
        if (remaining.length === 0) break;
        // Only jobs waiting for a retry backoff remain: don't spin on them in a one-shot run.
        if (remaining.every((job) => job.attempts > 0)) break;
      }
      await this.sleep();
    }
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private sleep(): Promise<void> {
    const { jobs, config } = this.parts;
    const next = this.inFlight.size >= config.pipeline.documentConcurrency ? null : jobs.summary().nextDueAt;
    const untilDue = next === null ? config.pipeline.jobPollMs : Math.max(0, (next - nowSeconds()) * 1000);
    const delay = Math.min(config.pipeline.jobPollMs, untilDue);
    return new Promise((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private async process(job: Job): Promise<JobResult> {
    const started = performance.now();
    let result: Omit<JobResult, 'durationS' | 'job'>;
    try {
      result = job.kind === 'delete' ? await this.processDelete(job) : await this.processUpsert(job);
    } catch (error) {
      result = this.handleFailure(job, error);
    }
    const full: JobResult = { job, ...result, durationS: (performance.now() - started) / 1000 };
    if (this.outage && result.outcome !== 'retry') {
      this.outage = null;
      this.emit('outage', { down: false, detail: 'The vector index answers again; waiting documents are being processed.' });
    }
    this.emit('job', full);
    return full;
  }

  private handleFailure(job: Job, error: unknown): Omit<JobResult, 'durationS' | 'job'> {
    const { jobs, registry, config } = this.parts;
    const message = describeError(error);
    const attempts = job.attempts + 1;
    if (!isTransient(error) && attempts >= MAX_UNEXPECTED_ATTEMPTS) {
      try {
        this.deps.db.transaction(() => {
          registry.save(job.docId, {
            root: job.root,
            path: job.path,
            status: 'quarantined',
            reason: 'corrupt',
            detail: `Processing failed ${attempts} times: ${message}`,
          });
          registry.recordEvent({
            docId: job.docId,
            path: job.path,
            outcome: 'quarantined',
            reason: 'corrupt',
          });
          jobs.complete(job);
        })();
        return { outcome: 'quarantined', reason: 'corrupt', detail: message };
      } catch {
        // Fall through to a retry: the database itself is failing.
      }
    }
    const delayMs = Math.min(config.pipeline.jobMaxBackoffMs, 1000 * 2 ** Math.min(job.attempts, 20));
    try {
      jobs.retryLater(job, message, delayMs);
    } catch (retryError) {
      this.emit('error', new Error(`Could not reschedule ${job.path}: ${describeError(retryError)}`));
    }
    if (DocentError.isInstance(error) && error.code === 'index_unavailable') {
      // One message for the outage, not one per waiting document; jobs keep their backoff.
      if (!this.outage) this.emit('outage', { down: true, detail: `${message} Documents wait and are retried with backoff.` });
      this.outage = message;
    } else {
      this.emit('error', new Error(`${job.path}: ${message.replace(/\.$/, '')}; retrying in ${Math.round(delayMs / 1000)} s.`));
    }
    return { outcome: 'retry', detail: message };
  }

  private fileOf(job: Job): string {
    return path.join(job.root, job.path);
  }

  /** Commits a quarantine: the previous good version (if any) stays searchable. */
  private quarantine(
    job: Job,
    fields: {
      reason: ReasonCode;
      detail: string;
      sha256?: string | null;
      size?: number;
      mtimeMs?: number;
      fileType?: string | null;
    },
  ) {
    const { registry, jobs, db } = this.parts;
    db.transaction(() => {
      const previous = registry.get(job.docId);
      const keptVersion = previous?.chunkCount
        ? ` The previous version (indexed ${new Date((previous.indexedAt ?? 0) * 1000).toISOString()}) is still searchable.`
        : '';
      registry.save(job.docId, {
        root: job.root,
        path: job.path,
        status: 'quarantined',
        reason: fields.reason,
        detail: fields.detail + keptVersion,
        sha256: fields.sha256 ?? null,
        size: fields.size,
        mtimeMs: fields.mtimeMs,
        fileType: fields.fileType ?? undefined,
      });
      registry.recordEvent({
        docId: job.docId,
        path: job.path,
        outcome: 'quarantined',
        reason: fields.reason,
      });
      jobs.complete(job);
    })();
    return {
      outcome: 'quarantined' as const,
      reason: fields.reason,
      detail: fields.detail,
    };
  }

  private async processUpsert(job: Job): Promise<Omit<JobResult, 'durationS' | 'job'>> {
    const { registry, jobs, index, scheduler, config, extractor, db } = this.parts;
    const file = this.fileOf(job);
    let stats: fs.Stats;
    try {
      stats = await fs.promises.lstat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.processDelete(job);
      throw error;
    }
    const kind = kindOf(stats);
    if (kind !== 'file') {
      if (kind === 'directory') {
        jobs.complete(job);
        return { outcome: 'unchanged' };
      }
      return this.quarantine(job, {
        reason: 'unsupported_type',
        detail: IRREGULAR_DETAIL[kind],
        size: stats.size,
        mtimeMs: stats.mtimeMs,
      });
    }
    const modifiedAt = stats.mtimeMs / 1000;
    if (stats.size > config.gates.maxFileBytes) {
      return this.quarantine(job, {
        reason: 'oversize',
        detail: `The file is ${(stats.size / 1048576).toFixed(1)} MB, over the ${(config.gates.maxFileBytes / 1048576).toFixed(1)} MB limit (DOCENT_MAX_FILE_MB).`,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
      });
    }
    const sha256 = await fileSha256(file);
    const previous = registry.get(job.docId);
    const embedderKey = identityKey(index.identity);

    const settled = previous?.status === 'indexed' || previous?.status === 'quarantined' || previous?.status === 'duplicate';
    if (previous && settled && previous.sha256 === sha256 && (previous.status !== 'indexed' || previous.embedder === embedderKey)) {
      // Same bytes as last time: no extraction, no embedding, no index write.
      db.transaction(() => {
        registry.save(job.docId, {
          root: job.root,
          path: job.path,
          size: stats.size,
          mtimeMs: stats.mtimeMs,
        });
        jobs.complete(job);
      })();
      return { outcome: 'unchanged' };
    }

    // A file whose exact bytes are indexed under a path that no longer exists was renamed.
    const renamedFrom = previous?.indexedSha256 === sha256 ? null : this.findRenameSource(job, sha256);

    let document: ExtractedDocument;
    this.emit('stage', { path: job.path, stage: 'extracting' });
    try {
      document = await extractor.extract({
        file,
        passwords: this.deps.passwordsFor(job.root, job.path),
        maxFileBytes: config.gates.maxFileBytes,
        maxExpandedBytes: config.gates.maxExpandedBytes,
        ocrMinCharsPerPage: this.deps.ocr ? config.ocr.minCharsPerPage : 0,
      });
    } catch (error) {
      if (ExtractionError.isInstance(error)) {
        return this.quarantine(job, {
          reason: error.reason,
          detail: error.detail,
          sha256,
          size: stats.size,
          mtimeMs: stats.mtimeMs,
        });
      }
      throw error;
    }
    if (document.ocrPages?.length) {
      const read = await this.readWithOcr(job, file, document);
      if ('quarantine' in read)
        return this.quarantine(job, { ...read.quarantine, sha256, size: stats.size, mtimeMs: stats.mtimeMs, fileType: document.fileType });
      document = read.document;
    }
    const verdict = checkQuality(document, config.gates);
    if (!verdict.pass) {
      return this.quarantine(job, {
        reason: verdict.reason,
        detail: verdict.detail,
        sha256,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        fileType: document.fileType,
      });
    }

    const contentHash = textHash(document.text.replace(/\s+/g, ' ').trim());
    const duplicateFacts = { sha256, contentHash, size: stats.size, mtimeMs: stats.mtimeMs, fileType: document.fileType, modifiedAt };
    // The document already indexed with this text, if it is not the one being renamed and its file is still there.
    const liveOriginal = () => {
      const original = registry.findIndexedByContentHash(contentHash, job.docId);
      return original && original.id !== renamedFrom?.id && fs.existsSync(path.join(original.root, original.path)) ? original : null;
    };
    const original = liveOriginal();
    if (original) return this.markDuplicate(job, original, duplicateFacts);

    this.emit('stage', { path: job.path, stage: 'chunking' });
    const chunks = await chunkDocument(document, config.chunking);
    if (chunks.length === 0) {
      return this.quarantine(job, {
        reason: 'empty_text',
        detail: 'No text remained after chunking.',
        sha256,
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        fileType: document.fileType,
      });
    }
    const planned = planChunks(
      document,
      chunks,
      {
        docId: job.docId,
        root: job.root,
        path: job.path,
        tags: tagsFor(job.path),
      },
      embedderKey,
    );
    this.emit('stage', { path: job.path, stage: 'embedding' });
    const existing = await index.listDocumentPoints(job.docId);
    const donors: StoredPoint[] = renamedFrom ? await index.listDocumentPoints(renamedFrom.id) : [];
    const plan = await embedChunks({
      planned,
      existing,
      index,
      scheduler,
      donors,
      donorIndex: this.deps.vectorDonor ?? null,
    });
    if (this.deps.target.jobs.get(job.docId)?.version !== job.version) {
      // A newer intent (edit or delete) arrived while this version was processed: let it win.
      return { outcome: 'retry', detail: 'superseded by a newer change' };
    }
    const indexedAt = nowSeconds();
    const staleSince = Math.max(modifiedAt, registry.rootSince(job.root) ?? modifiedAt);
    const lagS = Math.max(0, indexedAt - staleSince);
    const wasOriginal = previous?.status === 'indexed' && previous.contentHash !== contentHash;
    let raced: DocumentRecord | null = null;
    this.emit('stage', { path: job.path, stage: 'writing' });
    try {
      await writeDocumentChunks(index, job.docId, plan, () => {
        // Two files with the same text processed at once both pass the duplicate check above;
        // the commits are serialised, so the second one finds the first here and backs out.
        const first = liveOriginal();
        if (first) {
          raced = first;
          throw new DuplicateRace();
        }
        registry.save(job.docId, {
          root: job.root,
          path: job.path,
          status: 'indexed',
          reason: null,
          detail: renamedFrom ? `Moved from ${renamedFrom.path} without re-embedding.` : null,
          fileType: document.fileType,
          size: stats.size,
          mtimeMs: stats.mtimeMs,
          sha256,
          contentHash,
          indexedSha256: sha256,
          title: document.title,
          modifiedAt,
          staleSince,
          indexedAt,
          firstSync: job.origin === 'startup',
          chunkCount: planned.length,
          embedder: embedderKey,
          duplicateOf: null,
        });
        registry.recordEvent({
          docId: job.docId,
          path: job.path,
          outcome: renamedFrom ? 'moved' : 'indexed',
          lagS,
          chunks: planned.length,
          embedded: plan.embedded,
          firstSync: job.origin === 'startup',
        });
        if (wasOriginal) this.promoteDuplicates(job.docId);
        jobs.complete(job);
      });
    } catch (error) {
      if (!(error instanceof DuplicateRace) || !raced) throw error;
      return this.markDuplicate(job, raced, duplicateFacts);
    }
    if (renamedFrom) await this.retireRenamed(renamedFrom, job.path);
    return {
      outcome: renamedFrom ? 'moved' : 'indexed',
      chunks: planned.length,
      embedded: plan.embedded,
    };
  }

  /** The OCR stage, with progress ("OCR page 12/40") shown by status while it runs. */
  private async readWithOcr(
    job: Job,
    file: string,
    document: ExtractedDocument,
  ): Promise<{ document: ExtractedDocument } | { quarantine: { reason: ReasonCode; detail: string } }> {
    const { config, jobs } = this.parts;
    const engine = this.deps.ocr;
    if (!engine) {
      return document.fileType === 'image'
        ? { quarantine: { reason: 'unsupported_type', detail: 'An image needs OCR, which is turned off (DOCENT_OCR=0).' } }
        : { document };
    }
    try {
      return {
        document: await applyOcr(document, {
          file,
          passwords: this.deps.passwordsFor(job.root, job.path),
          scale: config.ocr.scale,
          maxPages: config.ocr.maxPages,
          minConfidence: config.ocr.minConfidence,
          engine,
          render: (request) => this.deps.extractor.render(request),
          onProgress: (done, total) => jobs.setProgress(job, `OCR page ${done}/${total}`),
        }),
      };
    } catch (error) {
      if (error instanceof OcrLanguageError) return { quarantine: { reason: 'ocr_no_text', detail: error.message } };
      if (error instanceof OcrPageError) return { quarantine: { reason: error.kind === 'timeout' ? 'timeout' : 'corrupt', detail: error.message } };
      if (ExtractionError.isInstance(error)) return { quarantine: { reason: error.reason, detail: error.detail } };
      throw error;
    } finally {
      jobs.setProgress(job, null);
    }
  }

  private findRenameSource(job: Job, sha256: string): DocumentRecord | null {
    for (const candidate of this.deps.target.registry.findIndexedBySha(sha256)) {
      if (candidate.id === job.docId) continue;
      if (!fs.existsSync(path.join(candidate.root, candidate.path))) return candidate;
    }
    return null;
  }

  /** After a move, the old path's chunks and registry row go; its pending delete job is done. */
  private async retireRenamed(source: DocumentRecord, newPath: string): Promise<void> {
    const { registry, jobs, index } = this.parts;
    await index.deleteDocument(source.id, () => {
      registry.save(source.id, {
        root: source.root,
        path: source.path,
        status: 'deleted',
        reason: null,
        detail: `Renamed to ${newPath}.`,
        chunkCount: 0,
        indexedSha256: null,
        contentHash: null,
      });
      const pending = jobs.get(source.id);
      if (pending?.kind === 'delete') jobs.complete(pending);
      this.promoteDuplicates(source.id);
    });
  }

  private async markDuplicate(
    job: Job,
    original: DocumentRecord,
    fields: {
      sha256: string;
      contentHash: string;
      size: number;
      mtimeMs: number;
      fileType: string;
      modifiedAt: number;
    },
  ): Promise<Omit<JobResult, 'durationS' | 'job'>> {
    const { registry, jobs, index } = this.parts;
    const detail = `Same content as ${original.path}${original.root !== job.root ? ` (in ${original.root})` : ''}.`;
    // If this document was indexed before (as an earlier, different version), its chunks go.
    await index.deleteDocument(job.docId, () => {
      registry.save(job.docId, {
        root: job.root,
        path: job.path,
        status: 'duplicate',
        reason: 'duplicate_of',
        detail,
        duplicateOf: original.id,
        sha256: fields.sha256,
        contentHash: fields.contentHash,
        indexedSha256: null,
        chunkCount: 0,
        size: fields.size,
        mtimeMs: fields.mtimeMs,
        fileType: fields.fileType,
        modifiedAt: fields.modifiedAt,
      });
      registry.recordEvent({
        docId: job.docId,
        path: job.path,
        outcome: 'duplicate',
        reason: 'duplicate_of',
      });
      jobs.complete(job);
    });
    return { outcome: 'duplicate', reason: 'duplicate_of', detail };
  }

  /** Duplicates of a document that changed or went away are re-examined: one takes its place. */
  private promoteDuplicates(docId: string): void {
    const { registry, jobs } = this.parts;
    for (const duplicate of registry.listDuplicatesOf(docId)) requeueDocument(registry, jobs, duplicate);
  }

  private async processDelete(job: Job): Promise<Omit<JobResult, 'durationS' | 'job'>> {
    const { registry, jobs, index } = this.parts;
    if (fs.existsSync(this.fileOf(job)) && job.kind === 'delete') {
      // The file came back (or was replaced) before the delete ran: treat it as a change.
      return this.processUpsert(job);
    }
    const doc = registry.get(job.docId);
    if (!doc || doc.status === 'deleted') {
      jobs.complete(job);
      return { outcome: 'unchanged' };
    }
    await index.deleteDocument(job.docId, () => {
      registry.save(job.docId, {
        root: job.root,
        path: job.path,
        status: 'deleted',
        reason: null,
        detail: null,
        chunkCount: 0,
        indexedSha256: null,
        contentHash: null,
        duplicateOf: null,
      });
      registry.recordEvent({
        docId: job.docId,
        path: job.path,
        outcome: 'deleted',
      });
      if (doc.status === 'indexed') this.promoteDuplicates(job.docId);
      jobs.complete(job);
    });
    return { outcome: 'deleted' };
  }

  /** Forces the next run to re-read a document (after a password was added, say). */
  retry(docId: string): DocumentRecord | null {
    const { registry, jobs } = this.parts;
    const doc = registry.get(docId);
    if (!doc) return null;
    requeueDocument(registry, jobs, doc);
    this.wake();
    return registry.get(docId);
  }
}

import type { EventEmitter } from 'node:events';
import { nowSeconds } from '../lib/db';
import { describeError } from '../lib/errors';
import type { Job } from '../lib/jobs';
import { claimPipelineLock, ownerIsAlive, processOwner, releasePipelineLock } from '../lib/pipeline-lock';
import { settleFailure } from './failure-policy';
import type { JobResult, Verdict } from './job-result';
import type { PipelineDependencies, PipelineEvents } from './pipeline';
import type { DocumentProcessor } from './process-document';
import type { DocumentTransitions } from './transitions';

/** What the runner needs of the pipeline it runs for. */
export interface RunnerHost {
  events: EventEmitter<PipelineEvents>;
  reconcile(root: string): Promise<unknown>;
  /** Brings the index's terms to this tokenizer when they are older (retokenize.ts). */
  retokenize(): Promise<unknown>;
  /** Roots whose changes may not all be queued: scanned again until that works. */
  readonly rescan: Set<string>;
  /** Roots a watcher follows: reconciled again when the serving generation changes. */
  readonly watchedRoots: ReadonlySet<string>;
}

const RESCAN_EVERY_MS = 5000;
const PROBE_EVERY_MS = 3000;
const REFRESH_EVERY_MS = 2000;
const MAX_TERMS_RETRY_MS = 5 * 60_000;

/**
 * Runs the persisted job queue: holds the pipeline lock and the jobs' leases, processes up to
 * `documentConcurrency` documents at once, backs failed ones off, and probes the index during an
 * outage so waiting documents resume as soon as it answers.
 */
export class JobRunner {
  private readonly owner = processOwner();
  private readonly inFlight = new Map<string, Promise<JobResult>>();
  private wakeUp: (() => void) | null = null;
  /** Set while the index is unreachable, so an outage is reported once rather than per document. */
  private outage: string | null = null;
  private stopping = false;
  private locked = false;
  private lastRescan = 0;
  private lastProbe = 0;
  private lastRefresh = 0;
  /**
   * When the target's terms are next checked against the tokenizer (retokenize.ts): 0 at each run's start and after a
   * switch, a retry time after a failure, never once they are current.
   */
  private termsDueAt = 0;
  /** How long after a failed re-read of the terms the next try waits: doubles up to MAX_TERMS_RETRY_MS. */
  private termsRetryMs = RESCAN_EVERY_MS;

  constructor(
    private readonly deps: PipelineDependencies,
    private readonly processor: DocumentProcessor,
    private readonly transitions: DocumentTransitions,
    private readonly host: RunnerHost,
  ) {}

  /** Claims the data directory's pipeline lock; another live pipeline keeps it. */
  acquireLock(): void {
    const { db, target, config } = this.deps;
    claimPipelineLock(db, target.jobs.queue, this.owner, config.dataDir);
    this.locked = true;
    target.jobs.releaseStaleLeases(ownerIsAlive);
    target.jobs.releaseLeases(this.owner);
  }

  releaseLock(): void {
    if (!this.locked) return;
    const { db, target } = this.deps;
    try {
      db.transaction(() => {
        releasePipelineLock(db, target.jobs.queue, this.owner);
        target.jobs.releaseLeases(this.owner);
      })();
    } catch {
      // The database may be unwritable (full disk); the lease check at next start cleans up.
    }
    this.locked = false;
  }

  wake(): void {
    this.wakeUp?.();
  }

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
    this.lastRescan = this.lastProbe = this.lastRefresh = performance.now();
    this.termsDueAt = 0;
    while (!this.stopping) {
      await this.rescanRoots();
      await this.probeIndex();
      await this.followGeneration();
      await this.bringTermsCurrent();
      this.claimJobs();
      if (mode === 'untilIdle' && this.inFlight.size === 0) {
        const remaining = this.deps.target.jobs.pending(options.root ? { root: options.root } : {});
        if (remaining.length === 0) break;
        // Only jobs waiting for a retry backoff remain: don't spin on them in a one-shot run.
        if (remaining.every((job) => job.attempts > 0)) break;
      }
      await this.sleep();
    }
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async rescanRoots(): Promise<void> {
    if (!this.host.rescan.size || performance.now() - this.lastRescan <= RESCAN_EVERY_MS) return;
    this.lastRescan = performance.now();
    for (const root of [...this.host.rescan]) {
      // Taken off before the scan: a file that appears while the folder is read asks for another scan, which
      // must not be cleared by this one (a non-UTF-8 name written mid-scan was never given a status).
      this.host.rescan.delete(root);
      try {
        await this.host.reconcile(root);
      } catch (error) {
        this.host.rescan.add(root);
        this.host.events.emit('error', new Error(`Scanning ${root} failed again: ${describeError(error)} Retrying in 5 s.`));
      }
    }
  }

  /** During an outage the index is probed every few seconds, rather than waiting for each document's backoff. */
  private async probeIndex(): Promise<void> {
    if (!this.outage || performance.now() - this.lastProbe <= PROBE_EVERY_MS) return;
    this.lastProbe = performance.now();
    const health = await this.deps.target.index.health().catch(() => ({ ok: false }));
    if (health.ok) {
      this.deps.target.jobs.retryFailedNow();
      this.endOutage();
    }
  }

  /** Between documents only: a reindex or rollback elsewhere may have switched the serving generation. */
  private async followGeneration(): Promise<void> {
    const { target } = this.deps;
    if (this.inFlight.size !== 0 || !target.refresh || performance.now() - this.lastRefresh <= REFRESH_EVERY_MS) return;
    this.lastRefresh = performance.now();
    try {
      // The new generation is brought up to date with whatever changed in the watched folders meanwhile.
      if (await target.refresh()) {
        this.termsDueAt = 0;
        await this.bringTermsCurrent();
        for (const root of this.host.watchedRoots) await this.host.reconcile(root);
      }
    } catch (error) {
      this.host.events.emit('error', new Error(`Following a new index generation failed: ${describeError(error)}`, { cause: error }));
    }
  }

  /**
   * Before any job: documents written now carry the new terms, and a stored document that is not
   * re-read would keep the old ones. Between documents only, as the runner holds the pipeline lock;
   * a failure (the index is down, the disk full) is reported and tried again after 5 s, then twice as long each time
   * up to 5 minutes, while jobs go on.
   */
  private async bringTermsCurrent(): Promise<void> {
    if (this.inFlight.size !== 0 || performance.now() < this.termsDueAt) return;
    try {
      await this.host.retokenize();
      // A stop leaves the terms as they were: the next run checks again.
      this.termsDueAt = this.stopping ? 0 : Infinity;
      this.termsRetryMs = RESCAN_EVERY_MS;
    } catch (error) {
      // A failure that comes back (a full disk) would otherwise repeat the whole re-read every few seconds.
      const wait = this.termsRetryMs;
      this.termsDueAt = performance.now() + wait;
      this.termsRetryMs = Math.min(wait * 2, MAX_TERMS_RETRY_MS);
      this.host.events.emit(
        'error',
        new Error(`Re-reading the index's terms failed: ${describeError(error)} Retrying in ${Math.round(wait / 1000)} s.`, { cause: error }),
      );
    }
  }

  private claimJobs(): void {
    const { config, target } = this.deps;
    const free = config.pipeline.documentConcurrency - this.inFlight.size;
    if (free <= 0) return;
    const leaseSeconds = (config.extraction.timeoutMs + config.embedder.timeoutMs * 4) / 1000 + 60;
    let claimed: Job[] = [];
    try {
      claimed = target.jobs.claimDue(this.owner, free, leaseSeconds, new Set(this.inFlight.keys()));
    } catch (error) {
      // A full disk fails here first as often as in a document's own write: said as clearly either way.
      this.host.events.emit('error', new Error(`Could not take the next queued documents: ${describeError(error)}`, { cause: error }));
    }
    for (const job of claimed) {
      const work = this.process(job).finally(() => {
        this.inFlight.delete(job.docId);
        this.wake();
      });
      this.inFlight.set(job.docId, work);
    }
  }

  private sleep(): Promise<void> {
    const { config, target } = this.deps;
    const next = this.inFlight.size >= config.pipeline.documentConcurrency ? null : target.jobs.summary().nextDueAt;
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
    let verdict: Verdict;
    try {
      verdict = await this.processor.process(job);
    } catch (error) {
      verdict = settleFailure(job, error, {
        transitions: this.transitions,
        jobs: this.deps.target.jobs,
        maxBackoffMs: this.deps.config.pipeline.jobMaxBackoffMs,
        onOutage: (message) => this.beginOutage(message),
        onError: (failure) => this.host.events.emit('error', failure),
      });
    }
    const result: JobResult = { job, ...verdict, durationS: (performance.now() - started) / 1000 };
    if (this.outage && verdict.outcome !== 'retry') this.endOutage();
    this.host.events.emit('job', result);
    return result;
  }

  private beginOutage(message: string): void {
    // Jobs keep their backoff; the probe makes them due again once the index answers.
    if (!this.outage) this.host.events.emit('outage', { down: true, detail: `${message} Documents wait and are retried with backoff.` });
    this.outage = message;
  }

  private endOutage(): void {
    this.outage = null;
    this.host.events.emit('outage', { down: false, detail: 'The vector index answers again; waiting documents are being processed.' });
  }
}

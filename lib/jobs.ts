import { type Db, fromRow, getMeta, nowSeconds, setMeta } from './db';
import type { DocumentRecord, Registry } from './registry';

export type JobKind = 'upsert' | 'delete';
/** `startup`: found by the scan at start (the catch-up backlog); `live`: a change seen while running. */
export type JobOrigin = 'live' | 'startup';

/** The queue of changes for the serving generation (a reindex builds from a queue of its own). */
export const LIVE_QUEUE = 'live';

export interface Job {
  id: number;
  docId: string;
  root: string;
  path: string;
  kind: JobKind;
  enqueuedAt: number;
  notBefore: number;
  attempts: number;
  version: number;
  lastError: string | null;
  progress: string | null;
  origin: JobOrigin;
}

interface JobRow {
  id: number;
  doc_id: string;
  root: string;
  path: string;
  kind: JobKind;
  enqueued_at: number;
  not_before: number;
  attempts: number;
  version: number;
  last_error: string | null;
  progress: string | null;
  origin: JobOrigin;
}

const JOB_COLUMNS = ['id', 'doc_id', 'root', 'path', 'kind', 'enqueued_at', 'not_before', 'attempts', 'version', 'last_error', 'progress', 'origin'] as const;

const toJob = (row: JobRow): Job => fromRow(row, JOB_COLUMNS);

interface StartupSyncRow {
  started_at: number;
  scanning: boolean;
  done: number;
}

export interface StartupSync {
  done: number;
  total: number;
  /** The scan is still finding files: `total` can grow. */
  scanning: boolean;
  startedAt: number;
}

/**
 * The persisted job queue: at most one job per document (the latest intent wins), so a crash or
 * restart resumes exactly what was left. Jobs are leased while processed and deleted only when
 * their outcome is committed, and only if no newer intent replaced them meanwhile.
 */
export class JobQueue {
  constructor(
    private readonly db: Db,
    readonly queue: string = LIVE_QUEUE,
  ) {}

  enqueue(job: { docId: string; root: string; path: string; kind: JobKind; delayMs?: number; origin?: JobOrigin }): void {
    const now = nowSeconds();
    // A job stays part of the start-up backlog when a later change replaces it before it ran.
    this.db
      .prepare(
        `insert into jobs(queue, doc_id, root, path, kind, enqueued_at, not_before, origin) values (?, ?, ?, ?, ?, ?, ?, ?)
         on conflict(queue, doc_id) do update set kind = excluded.kind, path = excluded.path, root = excluded.root,
           not_before = excluded.not_before, attempts = 0, last_error = null, progress = null, version = jobs.version + 1,
           lease_owner = null, lease_until = null,
           origin = case when jobs.origin = 'startup' or excluded.origin = 'startup' then 'startup' else 'live' end`,
      )
      .run(this.queue, job.docId, job.root, job.path, job.kind, now, now + (job.delayMs ?? 0) / 1000, job.origin ?? 'live');
  }

  /**
   * Starts counting a start-up sync: jobs already queued (left by the last run) join its backlog,
   * and status reports `syncing` until the scan is done and the backlog is empty.
   */
  beginStartupSync(): void {
    this.db
      .transaction(() => {
        this.db.prepare("update jobs set origin = 'startup' where queue = ?").run(this.queue);
        setMeta(this.db, this.syncKey, JSON.stringify({ started_at: nowSeconds(), scanning: true, done: 0 } satisfies StartupSyncRow));
      })
      .immediate();
  }

  /** The start-up scan has queued everything it found; from now on the backlog only shrinks. */
  endStartupScan(): void {
    const row = this.startupRow();
    if (row) setMeta(this.db, this.syncKey, JSON.stringify({ ...row, scanning: false }));
  }

  /** Progress of the start-up sync, or null once it is over (or when none ran). */
  startupSync(): StartupSync | null {
    const row = this.startupRow();
    if (!row) return null;
    const remaining = (this.db.prepare("select count(*) as n from jobs where queue = ? and origin = 'startup'").get(this.queue) as { n: number }).n;
    if (!row.scanning && remaining === 0) return null;
    return { done: row.done, total: row.done + remaining, scanning: row.scanning, startedAt: row.started_at };
  }

  private get syncKey(): string {
    return `startup_sync:${this.queue}`;
  }

  private startupRow(): StartupSyncRow | null {
    const raw = getMeta(this.db, this.syncKey);
    return raw ? (JSON.parse(raw) as StartupSyncRow) : null;
  }

  get(docId: string): Job | null {
    const row = this.db.prepare('select * from jobs where queue = ? and doc_id = ?').get(this.queue, docId) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /**
   * Leases up to `limit` due jobs, upserts before deletes so a rename is seen as a move. The
   * owner's own leases count as free (minus `exclude`, its jobs in flight): a lease it could not
   * release (the disk was full) does not hold its own work back.
   */
  claimDue(owner: string, limit: number, leaseSeconds: number, exclude: Set<string> = new Set()): Job[] {
    return this.db
      .transaction(() => {
        const now = nowSeconds();
        const rows = this.db
          .prepare(
            `select * from jobs where queue = ? and not_before <= ? and (lease_until is null or lease_until < ? or lease_owner = ?)
           order by case kind when 'upsert' then 0 else 1 end, not_before, id limit ?`,
          )
          .all(this.queue, now, now, owner, limit + exclude.size) as JobRow[];
        const chosen = rows.filter((row) => !exclude.has(row.doc_id)).slice(0, limit);
        const lease = this.db.prepare('update jobs set lease_owner = ?, lease_until = ? where id = ?');
        for (const row of chosen) lease.run(owner, now + leaseSeconds, row.id);
        return chosen.map(toJob);
      })
      .immediate();
  }

  /** Removes the job if it is still the version that was processed; a newer intent stays queued. */
  complete(job: Job): boolean {
    const result = this.db.prepare('delete from jobs where id = ? and version = ?').run(job.id, job.version);
    if (result.changes === 0) this.db.prepare('update jobs set lease_owner = null, lease_until = null where id = ?').run(job.id);
    else if (job.origin === 'startup') {
      const row = this.startupRow();
      if (row) setMeta(this.db, this.syncKey, JSON.stringify({ ...row, done: row.done + 1 }));
    }
    return result.changes > 0;
  }

  /** Puts the job back with a delay; only the version that failed is touched. */
  retryLater(job: Job, error: string, delayMs: number): void {
    this.db
      .prepare('update jobs set attempts = attempts + 1, last_error = ?, not_before = ?, lease_owner = null, lease_until = null where id = ? and version = ?')
      .run(error, nowSeconds() + delayMs / 1000, job.id, job.version);
    this.db.prepare('update jobs set lease_owner = null, lease_until = null where id = ?').run(job.id);
  }

  /** What the job is doing now, shown by status while it runs. */
  setProgress(job: Job, progress: string | null): void {
    this.db.prepare('update jobs set progress = ? where id = ?').run(progress, job.id);
  }

  /** Makes every job waiting after a failure due now (the outage that failed them is over). */
  retryFailedNow(): number {
    return this.db.prepare('update jobs set not_before = ? where queue = ? and attempts > 0 and lease_owner is null').run(nowSeconds(), this.queue).changes;
  }

  releaseLeases(owner: string): void {
    this.db.prepare('update jobs set lease_owner = null, lease_until = null where queue = ? and lease_owner = ?').run(this.queue, owner);
  }

  /** Leases held by processes that no longer exist on this machine are released at start. */
  releaseStaleLeases(isAlive: (owner: string) => boolean): number {
    const owners = this.db.prepare('select distinct lease_owner as owner from jobs where lease_owner is not null').all() as { owner: string }[];
    let released = 0;
    for (const { owner } of owners) {
      if (!isAlive(owner)) released += this.db.prepare('update jobs set lease_owner = null, lease_until = null where lease_owner = ?').run(owner).changes;
    }
    return released;
  }

  pending(filter: { root?: string } = {}): Job[] {
    const rows = filter.root
      ? this.db.prepare('select * from jobs where queue = ? and root = ? order by enqueued_at').all(this.queue, filter.root)
      : this.db.prepare('select * from jobs where queue = ? order by enqueued_at').all(this.queue);
    return (rows as JobRow[]).map(toJob);
  }

  summary(): { pending: number; oldestEnqueuedAt: number | null; failing: number; nextDueAt: number | null } {
    const row = this.db
      .prepare(
        'select count(*) as n, min(enqueued_at) as oldest, sum(case when attempts > 0 then 1 else 0 end) as failing, min(not_before) as next from jobs where queue = ?',
      )
      .get(this.queue) as { n: number; oldest: number | null; failing: number | null; next: number | null };
    return { pending: row.n, oldestEnqueuedAt: row.oldest, failing: row.failing ?? 0, nextDueAt: row.next };
  }

  /** Removes every job of this queue (a reindex queue once its generation is built or abandoned). */
  clear(): number {
    return this.db.prepare('delete from jobs where queue = ?').run(this.queue).changes;
  }
}

/**
 * Has a document read again from its file: the recorded hash is forgotten (so unchanged bytes are
 * not skipped) and an upsert is queued, for whichever process runs the pipeline.
 */
export function requeueDocument(registry: Registry, jobs: JobQueue, doc: Pick<DocumentRecord, 'id' | 'root' | 'path'>): void {
  registry.save(doc.id, { root: doc.root, path: doc.path, sha256: null });
  jobs.enqueue({ docId: doc.id, root: doc.root, path: doc.path, kind: 'upsert' });
}

import { type ResourceLimits, Worker } from 'node:worker_threads';

/** The error a worker reported for one task, with the fields it sent (e.g. a reason code). */
export class WorkerTaskError extends Error {
  constructor(
    readonly remoteName: string,
    message: string,
    readonly fields: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WorkerTaskError';
  }

  /** The worker's error code (a SQLite or system code such as SQLITE_BUSY), where describeError and isStorageProblem look for it. */
  get code(): string | undefined {
    return typeof this.fields.code === 'string' ? this.fields.code : undefined;
  }
}

export class WorkerTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The task did not finish within ${timeoutMs / 1000} s and its worker was stopped.`);
    this.name = 'WorkerTimeoutError';
  }
}

export class WorkerCrashedError extends Error {
  constructor(
    message: string,
    readonly errorCode: string | null,
  ) {
    super(message);
    this.name = 'WorkerCrashedError';
  }

  get outOfMemory(): boolean {
    return this.errorCode === 'ERR_WORKER_OUT_OF_MEMORY';
  }

  /** The worker's module could not be found or read (a file missing from a build): starting another will not help. */
  get cannotLoad(): boolean {
    return this.errorCode !== null && UNLOADABLE.has(this.errorCode);
  }
}

/** Node's codes for a module that cannot be found or read. */
const UNLOADABLE = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_UNKNOWN_FILE_EXTENSION', 'ERR_INVALID_URL']);

interface Task<Request, Result> {
  id: number;
  request: Request;
  timeoutMs: number | null;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

interface Slot<Request, Result> {
  worker: Worker;
  ready: Promise<void>;
  /** Set once `ready` resolved: a task is then posted at once, not a microtask later. */
  started: boolean;
  task: Task<Request, Result> | null;
  timer: NodeJS.Timeout | null;
  /** Set while the worker waits for work; when it fires, the worker is retired. */
  idle: NodeJS.Timeout | null;
}

type Reply<Result> =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: Result }
  | { type: 'error'; id: number; name: string; message: string; fields?: Record<string, unknown> };

export interface WorkerPoolOptions {
  /** The worker module; it posts `{type:'ready'}` once loaded, then answers `{id, request}` messages. */
  url: URL;
  size: number;
  /** What each worker receives as `workerData` (a database file to open, say). */
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  /** How long a worker may take to load before the task fails. */
  startTimeoutMs?: number;
  /**
   * Retire a worker after this long without work (none by default). Each worker holds its own
   * copy of what it loaded (a model, a parser), so idle workers are most of an idle process's
   * memory; the next task starts a fresh one, at the cost of its load time.
   */
  idleMs?: number;
  /**
   * The last worker alive waits this long instead (when longer than `idleMs`): for a pool whose load
   * time would delay the next task that comes after a quiet spell, one warm worker is worth its memory.
   */
  lastIdleMs?: number;
  /** Let the process exit while every worker waits for work (a busy worker still keeps it alive). */
  unrefIdle?: boolean;
}

/**
 * A fixed-size pool of worker threads, one task per worker at a time. A task that exceeds its
 * time limit, or a worker that crashes or runs out of memory, costs only that worker: it is
 * terminated, the task fails with a typed error, and a fresh worker takes the next task.
 */
export class WorkerPool<Request, Result> {
  private readonly slots: Slot<Request, Result>[] = [];
  private readonly waiting: Task<Request, Result>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  get size(): number {
    return this.options.size;
  }

  run(request: Request, options: { timeoutMs?: number } = {}): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, request, timeoutMs: options.timeoutMs ?? null, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts a worker now if none is alive, so that its load time overlaps the caller's other work (a file's
   * extraction before its embedding). Unused, it retires like any idle worker.
   */
  prestart(): void {
    if (this.closed || this.slots.length > 0) return;
    const slot = this.spawn();
    slot.ready.then(
      () => {
        if (slot.task === null && slot.idle === null && !this.closed) this.finish(slot);
      },
      // Nobody waits on a prestarted worker that failed to start: it leaves the pool, and the next task starts a fresh
      // one and reports that one's failure, if any (a task that took it meanwhile is told by dispatch).
      () => this.retire(slot),
    );
  }

  private spawn(): Slot<Request, Result> {
    const worker = new Worker(this.options.url, { resourceLimits: this.options.resourceLimits, workerData: this.options.workerData, stderr: false });
    const slot: Slot<Request, Result> = { worker, ready: Promise.resolve(), started: false, task: null, timer: null, idle: null };
    if (this.options.unrefIdle) worker.unref();
    let lastError: (Error & { code?: string }) | null = null;
    slot.ready = new Promise<void>((resolve, reject) => {
      const startTimer = setTimeout(
        () => reject(new WorkerCrashedError(`A worker did not start within ${(this.options.startTimeoutMs ?? 60000) / 1000} s.`, null)),
        this.options.startTimeoutMs ?? 60000,
      );
      worker.on('message', (reply: Reply<Result>) => {
        if (reply.type === 'ready') {
          clearTimeout(startTimer);
          slot.started = true;
          resolve();
        }
      });
      worker.once('exit', () => {
        clearTimeout(startTimer);
        reject(new WorkerCrashedError(`A worker exited while starting${lastError ? `: ${lastError.message}` : ''}.`, lastError?.code ?? null));
      });
    });
    // A worker that fails to start rejects `ready`; the task that waited on it reports that.
    slot.ready.catch(() => undefined);
    worker.on('message', (reply: Reply<Result>) => {
      if (reply.type === 'ready') return;
      const task = slot.task;
      if (!task || reply.id !== task.id) return;
      this.finish(slot);
      if (reply.type === 'result') task.resolve(reply.result);
      else task.reject(new WorkerTaskError(reply.name, reply.message, reply.fields ?? {}));
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      lastError = error;
    });
    worker.on('exit', () => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const task = slot.task;
      if (task) {
        this.finish(slot);
        task.reject(new WorkerCrashedError(`The worker stopped unexpectedly${lastError ? `: ${lastError.message}` : ''}.`, lastError?.code ?? null));
      }
      if (!this.closed) this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot<Request, Result>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    if (this.options.unrefIdle) slot.worker.unref();
    if (this.options.idleMs !== undefined && !this.closed) {
      slot.idle = setTimeout(() => this.retireIdle(slot), this.options.idleMs);
      // An idle worker must not keep the process alive.
      slot.idle.unref();
    }
  }

  private retireIdle(slot: Slot<Request, Result>): void {
    const longer = (this.options.lastIdleMs ?? 0) - (this.options.idleMs ?? 0);
    // Only a worker that loaded is worth keeping: one whose start failed would fail every task meanwhile.
    if (longer > 0 && slot.started && this.slots.length === 1 && this.slots[0] === slot) {
      slot.idle = setTimeout(() => this.retire(slot), longer);
      slot.idle.unref();
      return;
    }
    this.retire(slot);
  }

  private retire(slot: Slot<Request, Result>): void {
    if (slot.task !== null) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }

  /** Workers that finished loading and are alive (idle or busy). */
  get started(): number {
    return this.slots.filter((slot) => slot.started).length;
  }

  /** Workers alive now (started, starting or busy). */
  get alive(): number {
    return this.slots.length;
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      let slot = this.slots.find((candidate) => candidate.task === null);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const task = this.waiting.shift()!;
      const chosen = slot;
      if (chosen.idle) clearTimeout(chosen.idle);
      chosen.idle = null;
      chosen.task = task;
      if (this.options.unrefIdle) chosen.worker.ref();
      const send = () => {
        if (chosen.task !== task) return;
        if (task.timeoutMs !== null) {
          chosen.timer = setTimeout(() => {
            if (chosen.task !== task) return;
            this.finish(chosen);
            task.reject(new WorkerTimeoutError(task.timeoutMs!));
            // Terminating is the only way to stop synchronous work in a worker; the slot leaves
            // the pool at once so the next task gets a fresh worker, not the dying one.
            const index = this.slots.indexOf(chosen);
            if (index >= 0) this.slots.splice(index, 1);
            void chosen.worker.terminate();
            this.dispatch();
          }, task.timeoutMs);
        }
        chosen.worker.postMessage({ id: task.id, request: task.request });
      };
      // A caller that goes on with synchronous work (the keyword half of a hybrid query) gets the
      // worker started on its half first.
      if (chosen.started) send();
      else
        chosen.ready.then(send, (error: Error) => {
          if (chosen.task !== task) return;
          this.finish(chosen);
          task.reject(error);
        });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error('The worker pool was closed.'));
    for (const slot of this.slots) if (slot.idle) clearTimeout(slot.idle);
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }
}

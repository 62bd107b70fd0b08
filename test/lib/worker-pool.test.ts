import { afterEach, describe, expect, it } from 'vitest';
import { describeError, isStorageProblem } from '../../lib/errors';
import { WorkerCrashedError, WorkerPool, WorkerTaskError, WorkerTimeoutError } from '../../lib/worker-pool';

type Request = { action: string; value?: number };
let pool: WorkerPool<Request, { echo: number }> | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

function create(size = 1) {
  pool = new WorkerPool<Request, { echo: number }>({
    url: new URL('../helpers/stuck-worker.mjs', import.meta.url),
    size,
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
  });
  return pool;
}

describe('WorkerPool', () => {
  it('retires a worker idle for longer than idleMs, and starts a fresh one for the next task', async () => {
    pool = new WorkerPool<Request, { echo: number }>({ url: new URL('../helpers/stuck-worker.mjs', import.meta.url), size: 2, idleMs: 100 });
    await Promise.all([1, 2].map((value) => pool!.run({ action: 'echo', value })));
    expect(pool.alive).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.alive).toBe(0);
    await expect(pool.run({ action: 'echo', value: 3 })).resolves.toEqual({ echo: 3 });
    expect(pool.alive).toBe(1);
  });

  it('keeps the last idle worker for lastIdleMs while the others retire after idleMs, then retires it too', async () => {
    pool = new WorkerPool<Request, { echo: number }>({ url: new URL('../helpers/stuck-worker.mjs', import.meta.url), size: 2, idleMs: 100, lastIdleMs: 900 });
    await Promise.all([1, 2].map((value) => pool!.run({ action: 'echo', value })));
    expect(pool.alive).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.alive).toBe(1);
    // Work in between starts its wait again: the kept worker takes the task, nothing new starts.
    await expect(pool.run({ action: 'echo', value: 3 })).resolves.toEqual({ echo: 3 });
    expect(pool.alive).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pool.alive).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(pool.alive).toBe(0);
  });

  it('does not keep a last worker that never finished loading', async () => {
    const url = new URL('../helpers/stuck-worker.mjs', import.meta.url);
    pool = new WorkerPool<Request, { echo: number }>({ url, size: 1, startTimeoutMs: 200, idleMs: 100, lastIdleMs: 5000, workerData: { loadMs: 5000 } });
    await expect(pool.run({ action: 'echo', value: 1 })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pool.alive).toBe(0);
  });

  it('prestarts a worker so that the first task does not wait for its loading, and retires it unused', async () => {
    const slow = { url: new URL('../helpers/stuck-worker.mjs', import.meta.url), size: 2, idleMs: 300, workerData: { loadMs: 1500 } };
    pool = new WorkerPool<Request, { echo: number }>(slow);
    pool.prestart();
    pool.prestart();
    expect(pool.alive).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    let started = performance.now();
    await expect(pool.run({ action: 'echo', value: 1 })).resolves.toEqual({ echo: 1 });
    expect(performance.now() - started).toBeLessThan(750);
    expect(pool.alive).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(pool.alive).toBe(0);

    // Not prestarted, the same task waits for the loading; prestarted but never used, the worker retires.
    started = performance.now();
    await pool.run({ action: 'echo', value: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
    await pool.close();
    pool = new WorkerPool<Request, { echo: number }>({ ...slow, workerData: { loadMs: 10 } });
    pool.prestart();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(pool.alive).toBe(0);
  });

  it('drops a prestarted worker that does not start in time, so the next task gets a fresh one', async () => {
    const url = new URL('../helpers/stuck-worker.mjs', import.meta.url);
    pool = new WorkerPool<Request, { echo: number }>({ url, size: 1, startTimeoutMs: 200, workerData: { loadMs: 5000 } });
    pool.prestart();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pool.alive).toBe(0);
    pool.prestart();
    expect(pool.alive).toBe(1);
  });

  it('keeps idle workers without idleMs', async () => {
    const workers = create(1);
    await workers.run({ action: 'echo', value: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(workers.alive).toBe(1);
  });

  it('hands a task to a started worker at once, while the caller goes on with synchronous work', async () => {
    const workers = create(1);
    await workers.run({ action: 'echo', value: 1 });
    const task = workers.run({ action: 'time' });
    const busyUntil = Date.now() + 1000;
    while (Date.now() < busyUntil);
    const received = (await task).echo;
    // Posted a microtask later, the task would reach the worker only after the busy loop (wide margins: a loaded machine may be slow to schedule the worker).
    expect(received).toBeLessThan(busyUntil - 500);
  });

  it("keeps a worker's error code where storage problems are recognised", async () => {
    const error = await create()
      .run({ action: 'busy' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect(isStorageProblem(error)).toBe(true);
    expect(describeError(error)).toBe('The database is busy (database is locked).');
  });

  it('runs tasks and returns their results', async () => {
    const workers = create(2);
    const results = await Promise.all([1, 2, 3, 4].map((value) => workers.run({ action: 'echo', value })));
    expect(results.map((result) => result.echo)).toEqual([1, 2, 3, 4]);
  });

  it('stops a task that exceeds its time limit, and the next task still runs', async () => {
    const workers = create();
    await expect(workers.run({ action: 'spin' }, { timeoutMs: 200 })).rejects.toBeInstanceOf(WorkerTimeoutError);
    await expect(workers.run({ action: 'echo', value: 7 })).resolves.toEqual({ echo: 7 });
  });

  it('reports a worker that runs out of memory, and recovers', async () => {
    const workers = create();
    const error = await workers.run({ action: 'grow' }, { timeoutMs: 30_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).outOfMemory).toBe(true);
    await expect(workers.run({ action: 'echo', value: 1 })).resolves.toEqual({ echo: 1 });
  });

  it('passes typed errors through with their fields, and survives a worker exiting', async () => {
    const workers = create();
    await expect(workers.run({ action: 'fail' })).rejects.toMatchObject({ remoteName: 'ExtractionError', fields: { reason: 'corrupt' } });
    await expect(workers.run({ action: 'fail' })).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(workers.run({ action: 'exit' })).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(workers.run({ action: 'echo', value: 2 })).resolves.toEqual({ echo: 2 });
  });
});

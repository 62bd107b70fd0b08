import type { Db } from '../db';
import { WorkerCrashedError, WorkerPool } from '../worker-pool';
import type { IvfLists, NearestRequest, Neighbour } from './embedded-ivf';
import { toBlob } from './vector-math';

/** Where the embedded index's dense search runs (IvfLists.nearest's parameters). */
export interface NearestSearch {
  search(vector: Float32Array, k: number, probes?: number, perList?: number): Promise<Neighbour[]>;
  /** Whether the next search runs beside the caller (on the search thread), so the caller's work meanwhile is free. */
  parallel(): boolean;
}

type Request = NearestRequest & { vector: Float32Array };

/** An idle search thread is retired after this long, with its connection and page cache. */
const IDLE_MS = 5 * 60_000;

// One search thread per open database, shared by every index opened on it: a thread per query
// would pay its start-up (a connection, sqlite-vec) each time. Keyed by the connection object, so a
// database reopened after a restore gets a thread reading the new file.
const threads = new WeakMap<Db, WorkerPool<Request, Neighbour[]>>();
// Databases whose search thread could not run: their searches stay on the caller's thread.
const failed = new WeakSet<Db>();

function threadFor(db: Db): WorkerPool<Request, Neighbour[]> {
  let pool = threads.get(db);
  if (!pool) {
    pool = new WorkerPool<Request, Neighbour[]>({
      url: new URL('./dense-worker.mjs', import.meta.url),
      size: 1,
      // Its JavaScript holds one query's rows at a time; V8's default young generation would grow to 48 MB and stay.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
      idleMs: IDLE_MS,
      unrefIdle: true,
      workerData: { file: db.name },
    });
    threads.set(db, pool);
  }
  return pool;
}

/**
 * Stops the database's search thread, if it has one, and says whether one was running. Call it
 * before closing the database: the thread's open connection would keep the write-ahead log from
 * being checkpointed into the database file, and the file open for up to IDLE_MS.
 */
export async function closeSearchThread(db: Db): Promise<boolean> {
  const pool = threads.get(db);
  if (!pool) return false;
  threads.delete(db);
  const running = pool.alive > 0;
  await pool.close();
  return running;
}

/**
 * Where the embedded index's dense search runs. On its own thread (`thread`), a hybrid query's
 * dense half runs while the calling thread ranks keywords: at 100k chunks each takes tens of
 * milliseconds. An in-memory database has no second connection, and a single list (a small
 * index, searched exactly) is quicker searched here than sent to the thread.
 */
export function nearestSearch(db: Db, lists: IvfLists, thread: boolean): NearestSearch {
  const here = async (vector: Float32Array, k: number, probes?: number, perList?: number) => lists.nearest(toBlob(vector), k, probes, perList);
  const parallel = () => thread && !db.memory && !failed.has(db) && lists.listCount() > 1;
  return {
    parallel,
    async search(vector, k, probes, perList) {
      if (!parallel()) return here(vector, k, probes, perList);
      try {
        return await threadFor(db).run({ ...lists.nearestRequest(k, probes, perList), vector });
      } catch (error) {
        // A thread that cannot start or dies (no worker file, out of memory) must not fail every search:
        // the caller's thread answers this one and the ones after; the cause is reported once.
        if (!(error instanceof WorkerCrashedError)) throw error;
        failed.add(db);
        void closeSearchThread(db);
        console.warn(`The embedded index's search thread stopped (${error.message}); searching on the calling thread from now on.`);
        return here(vector, k, probes, perList);
      }
    },
  };
}

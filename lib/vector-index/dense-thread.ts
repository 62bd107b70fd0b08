import type { Db } from '../db';
import { WorkerPool } from '../worker-pool';
import type { IvfLists, NearestRequest, Neighbour } from './embedded-ivf';
import { toBlob } from './vector-math';

/** The `k` nearest rows to `vector` (IvfLists.nearest's parameters), wherever the search runs. */
export type NearestSearch = (vector: Float32Array, k: number, probes?: number, perList?: number) => Promise<Neighbour[]>;

type Request = NearestRequest & { vector: Float32Array };

/** An idle search thread is retired after this long, with its connection and page cache. */
const IDLE_MS = 5 * 60_000;

// One search thread per open database, shared by every index opened on it: a thread per query
// would pay its start-up (a connection, sqlite-vec) each time. Keyed by the connection object, so a
// database reopened after a restore gets a thread reading the new file.
const threads = new WeakMap<Db, WorkerPool<Request, Neighbour[]>>();

function threadFor(db: Db): WorkerPool<Request, Neighbour[]> {
  let pool = threads.get(db);
  if (!pool) {
    pool = new WorkerPool<Request, Neighbour[]>({
      url: new URL('./dense-worker.mjs', import.meta.url),
      size: 1,
      idleMs: IDLE_MS,
      unrefIdle: true,
      workerData: { file: db.name },
    });
    threads.set(db, pool);
  }
  return pool;
}

/**
 * Where the embedded index's dense search runs. On its own thread (`thread`), a hybrid query's
 * dense half runs while the calling thread ranks keywords: at 100k chunks each takes tens of
 * milliseconds. An in-memory database has no second connection, and a single list (a small
 * index, searched exactly) is quicker searched here than sent to the thread.
 */
export function nearestSearch(db: Db, lists: IvfLists, thread: boolean): NearestSearch {
  const here: NearestSearch = async (vector, k, probes, perList) => lists.nearest(toBlob(vector), k, probes, perList);
  if (!thread || db.memory) return here;
  return async (vector, k, probes, perList) => {
    if (lists.listCount() <= 1) return here(vector, k, probes, perList);
    return threadFor(db).run({ ...lists.nearestRequest(k, probes, perList), vector });
  };
}

// Worker thread for the embedded index's dense search (lib/worker-pool.ts protocol): its own
// read-only connection to the Docent database runs a nearest-rows request (IvfLists.nearestRequest)
// while the calling thread ranks keywords, so a hybrid query takes the longer of the two, not both.
// Plain JavaScript, so it runs without a TypeScript loader; it mirrors IvfLists.nearest (a test
// checks both give the same rows).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';

const MAX_K = 4096;
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// The writer holds the lock briefly while it commits; a reader waits rather than failing.
db.pragma('busy_timeout = 10000');
sqliteVec.load(db);
const statements = new Map();
const prepare = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', ({ id, request }) => {
  try {
    const { vector, probeSql, listSql, allSql, probes, perList, k } = request;
    const embedding = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    const probed = prepare(probeSql).all(embedding, probes);
    const found =
      probed.length === 0
        ? prepare(allSql).all(embedding, Math.min(MAX_K, k))
        : probed.flatMap((probe) => prepare(listSql).all(embedding, perList, probe.rowid));
    const rows = found.map((row) => ({ rowid: Number(row.rowid), distance: row.distance }));
    rows.sort((a, b) => a.distance - b.distance || a.rowid - b.rowid);
    parentPort.postMessage({ type: 'result', id, result: rows.slice(0, k) });
  } catch (error) {
    parentPort.postMessage({
      type: 'error',
      id,
      name: error?.name ?? 'Error',
      message: error instanceof Error ? error.message : String(error),
      fields: { code: error?.code },
    });
  }
});

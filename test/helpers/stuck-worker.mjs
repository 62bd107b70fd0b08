// A worker for WorkerPool tests (`workerData.loadMs` delays its start): `spin` never returns, `grow` allocates until the heap limit,
// `echo` answers, `time` answers with when it got the task, `busy` fails as SQLite does when locked, `fail` reports a typed error, `exit` kills the thread, `reject` leaves a
// promise rejection unhandled (what pdf.js does on some damaged PDFs).
import { parentPort, workerData } from 'node:worker_threads';

// `workerData.loadMs` stands for a model or parsers that take that long to load.
if (workerData?.loadMs) await new Promise((resolve) => setTimeout(resolve, workerData.loadMs));
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', ({ id, request }) => {
  if (request.action === 'spin') for (;;);
  if (request.action === 'grow') {
    const hoard = [];
    for (;;) hoard.push(new Array(1e6).fill(Math.random()));
  }
  if (request.action === 'exit') process.exit(3);
  if (request.action === 'reject') {
    Promise.reject(new Error('XRefEntryException: Bad (uncompressed) XRef entry'));
    return;
  }
  if (request.action === 'fail') {
    parentPort.postMessage({ type: 'error', id, name: 'ExtractionError', message: 'bad file', fields: { reason: 'corrupt', detail: 'bad file' } });
    return;
  }
  if (request.action === 'busy') {
    parentPort.postMessage({ type: 'error', id, name: 'SqliteError', message: 'database is locked', fields: { code: 'SQLITE_BUSY' } });
    return;
  }
  if (request.action === 'time') {
    parentPort.postMessage({ type: 'result', id, result: { echo: Date.now() } });
    return;
  }
  parentPort.postMessage({ type: 'result', id, result: { echo: request.value } });
});

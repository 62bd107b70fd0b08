// Worker thread for the extraction sandbox (lib/worker-pool.ts protocol). Parsers run here so a
// hostile file can only exhaust this worker's time and memory, never the watcher's.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { extractFile, renderPage } = await tsImport('./extract.ts', import.meta.url);
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async ({ id, request }) => {
  try {
    if (request.kind === 'render') {
      const image = await renderPage(request);
      const copy = new Uint8Array(image);
      parentPort.postMessage({ type: 'result', id, result: copy }, [copy.buffer]);
    } else {
      parentPort.postMessage({ type: 'result', id, result: await extractFile(request) });
    }
  } catch (error) {
    const fields = error?.name === 'ExtractionError' ? { reason: error.reason, detail: error.detail } : {};
    parentPort.postMessage({ type: 'error', id, name: error?.name ?? 'Error', message: error instanceof Error ? error.message : String(error), fields });
  }
});

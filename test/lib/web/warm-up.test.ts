import { afterEach, describe, expect, it } from 'vitest';
import * as prepare from '@/app/api/chat/prepare/route';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { openWebRuntimeAtStart } from '../../../lib/web/runtime';
import { callRoute, startWebRuntime } from '../../helpers/web-routes';
import { testConfig } from '../../helpers/temp';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('the embedding model in the web server', () => {
  it('is not loaded at start, loads on one thread when someone is about to ask, and on more when questions come at once', async () => {
    const logged: string[] = [];
    const started = await startWebRuntime(testConfig({ DOCENT_WEB_EMBED_THREADS: '2' }), (message) => logged.push(message));
    close = started.close;
    const embedder = started.runtime.services.scheduler.embedder;
    expect(embedder).toBeInstanceOf(LocalEmbedder);
    const alive = () => (embedder as LocalEmbedder).threadsAlive;

    await openWebRuntimeAtStart();
    expect(logged).toContain('Web runtime ready.');
    // Each thread holds its own copy of the model (about 200 MB): a server nobody asks holds none.
    expect(alive()).toBe(0);

    const response = await callRoute(prepare.POST, '/api/chat/prepare', { method: 'POST' });
    expect(response.status).toBe(204);
    expect(alive()).toBe(1);
    await callRoute(prepare.POST, '/api/chat/prepare', { method: 'POST' });
    expect(alive()).toBe(1);

    await started.runtime.services.scheduler.embed(['first question', 'second question']);
    expect(alive()).toBe(2);
  });
});

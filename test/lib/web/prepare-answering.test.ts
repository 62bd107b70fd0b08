import { afterEach, describe, expect, it } from 'vitest';
import * as prepare from '@/app/api/chat/prepare/route';
import { IN_SCOPE_EXAMPLES, OUT_OF_SCOPE_EXAMPLES } from '../../../lib/answer/scope-examples';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { languageDetectorLoaded } from '../../../lib/text/language';
import { openWebRuntimeAtStart } from '../../../lib/web/runtime';
import { callRoute, startWebRuntime } from '../../helpers/web-routes';
import { testConfig, waitFor } from '../../helpers/temp';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('the embedding model and the language detector in the web server', () => {
  it('are not loaded at start; the model loads (with the classifier examples) when someone is about to ask', async () => {
    const logged: string[] = [];
    const started = await startWebRuntime(testConfig({ DOCENT_WEB_EMBED_THREADS: '2', DOCENT_EMBED_CACHE: '' }), (message) => logged.push(message));
    close = started.close;
    const { scheduler } = started.runtime.services;
    expect(scheduler.embedder).toBeInstanceOf(LocalEmbedder);
    const alive = () => (scheduler.embedder as LocalEmbedder).threadsAlive;

    await openWebRuntimeAtStart();
    expect(logged).toContain('Web runtime ready.');
    // Each thread holds its own copy of the model (about 200 MB): a server nobody asks holds none.
    expect(alive()).toBe(0);
    expect(scheduler.stats.texts).toBe(0);
    // The detector's tables cost about 50 MB more.
    expect(languageDetectorLoaded()).toBe(false);

    const crossSite = await callRoute(prepare.POST, '/api/chat/prepare', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(alive()).toBe(0);
    expect(languageDetectorLoaded()).toBe(false);
    const response = await callRoute(prepare.POST, '/api/chat/prepare', { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(204);
    expect(alive()).toBeGreaterThan(0);
    // Questions asked of an English index (or of none yet) mostly do without it: it loads with the first that needs it.
    expect(languageDetectorLoaded()).toBe(false);
    const examples = OUT_OF_SCOPE_EXAMPLES.length + IN_SCOPE_EXAMPLES.length;
    await waitFor(() => scheduler.stats.texts === examples, { what: 'the scope examples to be embedded' });
    // In the web server's small batches (DOCENT_WEB_EMBED_BATCH_SIZE, 4), not the watcher's 16.
    expect(scheduler.stats.calls).toBeGreaterThanOrEqual(Math.ceil(examples / 4));

    // Once is enough: the examples are kept for every later message. (The examples are shared among the idle
    // threads, as a first message's would be, so both may load now: someone is about to ask.)
    await callRoute(prepare.POST, '/api/chat/prepare', { method: 'POST' });
    await started.runtime.assistant.classifier.classify('How many vacation days do I get?');
    expect(scheduler.stats.texts).toBe(examples + 1);
  });
});

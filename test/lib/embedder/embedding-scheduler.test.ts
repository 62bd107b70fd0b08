import { describe, expect, it } from 'vitest';
import { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { FakeEmbedder } from '../../helpers/fake-embedder';

const options = { batchSize: 4, concurrency: 2, retries: 3, timeoutMs: 1000, retryMinDelayMs: 1 };

describe('EmbeddingScheduler', () => {
  it('merges texts of concurrent callers, shares a few among the idle slots, and keeps their order', async () => {
    const embedder = new FakeEmbedder();
    const scheduler = new EmbeddingScheduler(embedder, options);
    const [a, b] = await Promise.all([scheduler.embed(['one', 'two', 'three']), scheduler.embed(['four', 'five', 'six'])]);
    expect(embedder.calls.map((call) => call.length)).toEqual([3, 3]);
    expect(embedder.calls.flat()).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
    expect(a.map((vector) => Array.from(vector))).toEqual(['one', 'two', 'three'].map((text) => Array.from(FakeEmbedder.vector(text, 64))));
    expect(Array.from(b[2]!)).toEqual(Array.from(FakeEmbedder.vector('six', 64)));
    expect(scheduler.stats).toMatchObject({ calls: 2, texts: 6 });
  });

  it('gives a few texts to the loaded threads of an embedder that loads them on demand, and starts another for a backlog', async () => {
    // Another thread costs its load time and a copy of the model: a few texts go to a loaded one instead.
    class OnDemand extends FakeEmbedder {
      warmThreads = 0;
    }
    const embedder = new OnDemand();
    embedder.delayMs = 5;
    const scheduler = new EmbeddingScheduler(embedder, options);
    await scheduler.embed(['one', 'two', 'three']);
    expect(embedder.calls.map((call) => call.length)).toEqual([3]);
    embedder.warmThreads = 1;
    await scheduler.embed(['four', 'five', 'six', 'seven']);
    expect(embedder.maxActive).toBe(1);
    // Texts waiting for the busy thread: every slot works.
    await scheduler.embed(Array.from({ length: 18 }, (_, index) => `t${index}`));
    expect(embedder.maxActive).toBe(2);
    // Both loaded: a few texts are shared between them again.
    embedder.calls.length = 0;
    embedder.warmThreads = 2;
    await scheduler.embed(['eight', 'nine', 'ten']);
    expect(embedder.calls.map((call) => call.length)).toEqual([2, 1]);
  });

  it('sends a long queue in full batches', async () => {
    const embedder = new FakeEmbedder();
    embedder.delayMs = 5;
    const scheduler = new EmbeddingScheduler(embedder, options);
    await scheduler.embed(Array.from({ length: 18 }, (_, index) => `t${index}`));
    expect(embedder.calls.map((call) => call.length)).toEqual([4, 4, 4, 4, 2]);
  });

  it('runs at most `concurrency` calls at once', async () => {
    const embedder = new FakeEmbedder();
    embedder.delayMs = 20;
    const scheduler = new EmbeddingScheduler(embedder, { ...options, batchSize: 1 });
    await scheduler.embed(Array.from({ length: 8 }, (_, index) => `t${index}`));
    expect(embedder.maxActive).toBe(2);
  });

  it('retries transient failures with backoff', async () => {
    const embedder = new FakeEmbedder();
    embedder.failures = { count: 2, transient: true };
    const scheduler = new EmbeddingScheduler(embedder, options);
    await expect(scheduler.embed(['x'])).resolves.toHaveLength(1);
    expect(scheduler.stats).toMatchObject({ calls: 3, retries: 2, failures: 0 });
  });

  it('gives up after the retry budget and fails every caller of the batch', async () => {
    const embedder = new FakeEmbedder();
    embedder.failures = { count: 10, transient: true };
    const scheduler = new EmbeddingScheduler(embedder, { ...options, concurrency: 1, retries: 1 });
    await expect(scheduler.embed(['x', 'y'])).rejects.toMatchObject({ code: 'embedder_failed' });
    expect(scheduler.stats.calls).toBe(2);
  });

  it('does not retry a permanent failure', async () => {
    const embedder = new FakeEmbedder();
    embedder.failures = { count: 1, transient: false };
    const scheduler = new EmbeddingScheduler(embedder, options);
    await expect(scheduler.embed(['x'])).rejects.toThrow('injected failure');
    expect(scheduler.stats.calls).toBe(1);
  });

  it('times out a call that hangs', async () => {
    const embedder = new FakeEmbedder();
    embedder.delayMs = 500;
    const scheduler = new EmbeddingScheduler(embedder, { ...options, retries: 0, timeoutMs: 50 });
    await expect(scheduler.embed(['x'])).rejects.toThrow(/timed out/);
  });
});

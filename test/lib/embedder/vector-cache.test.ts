import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../../lib/embedder/create-embedder';
import { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { VectorCache } from '../../../lib/embedder/vector-cache';
import { StorageError } from '../../../lib/errors';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { tempDir, testConfig } from '../../helpers/temp';

const options = { batchSize: 4, concurrency: 2, retries: 0, timeoutMs: 1000, retryMinDelayMs: 1 };
const values = (vectors: Float32Array[]) => vectors.map((vector) => Array.from(vector));

describe('VectorCache', () => {
  it('answers texts another scheduler embedded from the shared file, in order among the ones still to embed', async () => {
    const file = path.join(tempDir(), 'nested', 'vectors.sqlite');
    const first = new FakeEmbedder();
    const firstScheduler = new EmbeddingScheduler(first, { ...options, cache: VectorCache.open(file, 1e9) });
    await firstScheduler.embed(['alpha beta', 'gamma']);
    await firstScheduler.close();

    const second = new FakeEmbedder();
    const scheduler = new EmbeddingScheduler(second, { ...options, cache: VectorCache.open(file, 1e9) });
    const vectors = await scheduler.embed(['delta', 'alpha beta', 'epsilon', 'gamma']);
    expect(second.calls.flat()).toEqual(['delta', 'epsilon']);
    expect(values(vectors)).toEqual(values(['delta', 'alpha beta', 'epsilon', 'gamma'].map((text) => FakeEmbedder.vector(text, 64))));
    expect(scheduler.stats).toMatchObject({ texts: 2, cached: 2 });
    // Everything seen now: no call at all.
    second.calls.length = 0;
    await scheduler.embed(['epsilon', 'delta']);
    expect(second.calls).toEqual([]);
    await scheduler.close();
  });

  it('keeps each embedder’s vectors apart', async () => {
    const file = path.join(tempDir(), 'vectors.sqlite');
    const cache = VectorCache.open(file, 1e9);
    await new EmbeddingScheduler(new FakeEmbedder(), { ...options, cache }).embed(['same text']);
    const other = new FakeEmbedder({ provider: 'fake', model: 'another-model', dimension: 64 });
    await new EmbeddingScheduler(other, { ...options, cache }).embed(['same text']);
    expect(other.calls).toEqual([['same text']]);
    cache.close();
  });

  it('lets the oldest entries go once the file outgrows its limit, and keeps the newest', async () => {
    const file = path.join(tempDir(), 'vectors.sqlite');
    const limit = 256 * 1024;
    const cache = VectorCache.open(file, limit);
    const embedder = new FakeEmbedder({ provider: 'fake', model: 'wide', dimension: 256 });
    const scheduler = new EmbeddingScheduler(embedder, { ...options, batchSize: 32, cache });
    const texts = Array.from({ length: 3000 }, (_, index) => `text number ${index}`);
    for (let start = 0; start < texts.length; start += 100) await scheduler.embed(texts.slice(start, start + 100));
    // 3,000 vectors of 1 KB would be over 3 MB; the file is kept near its limit (one check every 512 stores).
    expect(cache.bytesUsed()).toBeLessThan(limit + 768 * 1024);
    expect(cache.bytesUsed()).toBeGreaterThan(limit / 4);
    embedder.calls.length = 0;
    await scheduler.embed([texts[0]!, texts.at(-1)!]);
    expect(embedder.calls.flat()).toEqual([texts[0]]);
    await scheduler.close();
  });

  it('goes on embedding without the cache when it fails, and says so once', async () => {
    const warnings: string[] = [];
    const cache = VectorCache.open(path.join(tempDir(), 'vectors.sqlite'), 1e9, (message) => warnings.push(message));
    const embedder = new FakeEmbedder();
    const scheduler = new EmbeddingScheduler(embedder, { ...options, cache });
    // The connection closed under it: every read and write now throws inside the cache.
    cache.close();
    expect(values(await scheduler.embed(['one', 'two']))).toEqual(values(['one', 'two'].map((text) => FakeEmbedder.vector(text, 64))));
    expect(values(await scheduler.embed(['one']))).toEqual(values([FakeEmbedder.vector('one', 64)]));
    expect(embedder.calls.flat()).toEqual(['one', 'two', 'one']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/embedding cache at .*vectors\.sqlite could not read .*embedding goes on without it/);
  });

  it('refuses a cache file it cannot open with a StorageError that names DOCENT_EMBED_CACHE', () => {
    const folder = tempDir();
    fs.mkdirSync(path.join(folder, 'a-folder'));
    const config = testConfig({ DOCENT_EMBED_CACHE: path.join(folder, 'a-folder') });
    expect(config.embedder.cache?.file).toBe(path.join(folder, 'a-folder'));
    let thrown: unknown;
    try {
      createScheduler(config, new FakeEmbedder());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageError);
    expect((thrown as Error).message).toMatch(/Cannot use the embedding cache at .*a-folder \(DOCENT_EMBED_CACHE\)/);
  });

  it('is off when DOCENT_EMBED_CACHE is empty, and a caller may turn a configured one off', async () => {
    expect(testConfig({ DOCENT_EMBED_CACHE: '' }).embedder.cache).toBeNull();
    const config = testConfig({ DOCENT_EMBED_CACHE: path.join(tempDir(), 'vectors.sqlite') });
    const embedder = new FakeEmbedder();
    const withCache = createScheduler(config, embedder);
    await withCache.embed(['once']);
    await withCache.embed(['once']);
    const without = createScheduler(config, embedder, { cache: null });
    await without.embed(['once']);
    expect(embedder.calls).toEqual([['once'], ['once']]);
    await withCache.close();
  });
});

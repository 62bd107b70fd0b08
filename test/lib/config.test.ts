import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { NATIVE_MEMORY_ENVIRONMENT, childEnvironment, loadConfig } from '../../lib/config';

describe('config', () => {
  it('runs with no configuration at all: embedded index, local embedder, no LLM', () => {
    const config = loadConfig({}, '/srv/docent');
    expect(config).toMatchObject({
      dataDir: '/srv/docent/.docent',
      watchDir: '/srv/docent/knowledge',
      port: 3000,
      embedder: { provider: 'local' },
      llm: { provider: 'none' },
      qdrant: null,
    });
  });

  it('treats empty values as unset and coerces numbers', () => {
    const config = loadConfig({ PORT: '8080', QDRANT_URL: '', DOCENT_CHUNK_SIZE: '1200' }, '/x');
    expect(config.port).toBe(8080);
    expect(config.qdrant).toBeNull();
    expect(config.chunking.size).toBe(1200);
  });

  it('rejects bad values with every problem named', () => {
    expect(() => loadConfig({ PORT: 'eighty', DOCENT_EMBEDDER: 'magic' })).toThrowError(/PORT[\s\S]*DOCENT_EMBEDDER/);
    expect(() => loadConfig({ DOCENT_EMBEDDER: 'openai' })).toThrowError(/DOCENT_EMBEDDING_MODEL is required/);
    expect(() => loadConfig({ DOCENT_CHUNK_SIZE: '200', DOCENT_CHUNK_OVERLAP: '300' })).toThrowError(/smaller than DOCENT_CHUNK_SIZE/);
    expect(() => loadConfig({ QDRANT_URL: 'not a url' })).toThrowError(/QDRANT_URL/);
  });

  it('names a removed setting instead of ignoring it', () => {
    expect(() => loadConfig({ DOCENT_CURATED_MIN_SIMILARITY: '0.8' })).toThrow(/DOCENT_CURATED_MIN_SIMILARITY was replaced by DOCENT_PARAPHRASE_THRESHOLD/);
  });

  it("works on twice the cores' questions at once offline, more with an LLM, or what it is told", () => {
    expect(loadConfig({}).answers.concurrency).toBe(2 * os.availableParallelism());
    expect(loadConfig({ DOCENT_LLM: 'openai', DOCENT_LLM_MODEL: 'm' }).answers.concurrency).toBe(16);
    expect(loadConfig({ DOCENT_ANSWER_CONCURRENCY: '3' }).answers.concurrency).toBe(3);
    expect(() => loadConfig({ DOCENT_ANSWER_CONCURRENCY: '0' })).toThrowError(/DOCENT_ANSWER_CONCURRENCY/);
  });

  it('does not switch the LLM on just because an API key is present', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test' }).llm.provider).toBe('none');
  });

  it('starts its child processes with large blocks handed back to the system, unless the environment says otherwise', () => {
    const previous = process.env.MALLOC_MMAP_THRESHOLD_;
    try {
      delete process.env.MALLOC_MMAP_THRESHOLD_;
      expect(NATIVE_MEMORY_ENVIRONMENT).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
      expect(childEnvironment({ PORT: '3999' })).toMatchObject({ ...NATIVE_MEMORY_ENVIRONMENT, PORT: '3999' });
      process.env.MALLOC_MMAP_THRESHOLD_ = '65536';
      expect(childEnvironment().MALLOC_MMAP_THRESHOLD_).toBe('65536');
    } finally {
      if (previous === undefined) delete process.env.MALLOC_MMAP_THRESHOLD_;
      else process.env.MALLOC_MMAP_THRESHOLD_ = previous;
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { listGenerations, servingGeneration } from '../../lib/vector-index/generations';
import { reindex, rollback } from '../../ingest/reindex';
import { OpenAIDouble } from '../helpers/openai-double';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { testConfig } from '../helpers/temp';

const VACATION = '# Time off\n\n## Vacation\n\nEvery employee receives 25 days of paid vacation per calendar year.\n';
const EXPENSES = '# Expenses\n\nThe hotel cap is 160 EUR per night.\n';

let harness: PipelineHarness | null = null;
let double: OpenAIDouble | null = null;
afterEach(async () => {
  await harness?.close();
  await double?.stop();
  harness = null;
  double = null;
});

describe('embedder change and reindex', () => {
  it('reports a configured embedder that differs from the index, never mixes vectors, and reindexes on request', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    h.write('time-off.md', VACATION);
    await h.sync();
    double = await new OpenAIDouble().start();
    const openai = testConfig({
      DOCENT_DATA_DIR: h.config.dataDir,
      DOCENT_EMBEDDER: 'openai',
      DOCENT_EMBEDDING_MODEL: 'double-embed',
      OPENAI_BASE_URL: double.baseUrl,
      OPENAI_API_KEY: 'test',
    });
    await h.restart(openai);
    expect(h.services.embedderWarning).toMatch(/built with local:universal-sentence-encoder-lite:512.*openai:double-embed.*npm run reindex/);
    // New documents keep going in with the recorded embedder: the endpoint is never called.
    h.write('expenses.md', EXPENSES);
    await h.sync();
    expect(double.embeddingCalls()).toBe(0);
    expect(h.document('expenses.md')!.embedder).toBe('local:universal-sentence-encoder-lite:512');
    expect((await h.search('hotel cap'))[0]!.path).toBe('expenses.md');

    const result = await reindex(openai, h.services.db, { inProcessExtraction: true });
    expect(result).toMatchObject({ swapped: true, generation: 'g2', previous: 'g1' });
    expect(double.embeddingCalls()).toBeGreaterThan(0);
    const serving = servingGeneration(h.services.db)!;
    expect(serving.embedder).toEqual({ provider: 'openai', model: 'double-embed', dimension: 32 });
    await h.services.refresh();
    expect(h.services.embedderWarning).toBeNull();
    const vectors = await h.services.index.fetchVectors((await h.chunksOf('time-off.md')).map((point) => point.id));
    expect([...vectors.values()].every((vector) => vector.length === 32)).toBe(true);
    expect((await h.search('hotel cap'))[0]!.path).toBe('expenses.md');
  });

  it('rebuilds with the same embedder by reusing stored vectors, and rolls back', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    h.write('time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    await h.sync();
    const texts = h.services.scheduler.stats.texts;
    const result = await reindex(h.config, h.services.db, { inProcessExtraction: true });
    expect(result.swapped).toBe(true);
    expect(h.services.scheduler.stats.texts).toBe(texts);
    expect(listGenerations(h.services.db).map((generation) => [generation.name, generation.state])).toEqual([
      ['g1', 'previous'],
      ['g2', 'serving'],
    ]);
    await h.services.refresh();
    expect(await h.services.index.count()).toBe(2);
    // A change after the switch, then a rollback: the old generation catches up.
    h.write('expenses.md', EXPENSES.replace('160', '190'));
    await h.sync();
    const back = await rollback(h.config, h.services.db);
    expect(back).toMatchObject({ generation: 'g1', previous: 'g2' });
    await h.services.refresh();
    expect(h.services.generation.name).toBe('g1');
    expect((await h.search('hotel cap'))[0]!.text).toContain('190 EUR');
  });
});

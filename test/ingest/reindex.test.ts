import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Assistant } from '../../lib/answer/assistant';
import { CuratedStore, curatedDocId, indexCurated } from '../../lib/answer/curated';
import { STARTER_EVAL_SET } from '../../lib/evaluation/eval-set';
import { openServices } from '../../lib/services';
import { listGenerations, servingGeneration } from '../../lib/vector-index/generations';
import { planReindex, reindex, rollback } from '../../ingest/reindex';
import { OpenAIDouble } from '../helpers/openai-double';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { QdrantDouble } from '../helpers/qdrant-double';
import { testConfig } from '../helpers/temp';
import { SYSTEM } from '../../lib/spaces/principals';

const VACATION = '# Time off\n\n## Vacation\n\nEvery employee receives 25 days of paid vacation per calendar year.\n';
const EXPENSES = '# Expenses\n\nThe hotel cap is 160 EUR per night.\n';

let harness: PipelineHarness | null = null;
let double: OpenAIDouble | null = null;
let qdrant: QdrantDouble | null = null;
afterEach(async () => {
  await harness?.close();
  await double?.stop();
  await qdrant?.stop();
  harness = null;
  double = null;
  qdrant = null;
});

async function indexedHarness(config = testConfig()) {
  harness = await PipelineHarness.create({ config });
  harness.write('time-off.md', VACATION);
  harness.write('expenses.md', EXPENSES);
  await harness.sync();
  return harness;
}

function writeEvalSet(file: string, items: { question: string; expected: string[] }[]) {
  fs.writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n'));
}

describe('embedder change and reindex', () => {
  it('reports a configured embedder that differs from the index, never mixes vectors, and reindexes on request', async () => {
    const h = await indexedHarness();
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
    h.write('parking.md', '# Parking\n\nParking spaces are assigned by facilities.\n');
    await h.sync();
    expect(double.embeddingCalls()).toBe(0);
    expect(h.document('parking.md')!.embedder).toBe('local:universal-sentence-encoder-lite:512');
    expect((await planReindex(openai, h.services.db)).embedder_changes).toBe(true);

    const result = await reindex(openai, h.services.db, { inProcessExtraction: true });
    expect(result).toMatchObject({ swapped: true, generation: 'g2', previous: 'g1' });
    expect(double.embeddingCalls()).toBeGreaterThan(0);
    expect(servingGeneration(h.services.db)!.embedder).toEqual({ provider: 'openai', model: 'double-embed', dimension: 32 });
    await h.services.refresh();
    expect(h.services.embedderWarning).toBeNull();
    const vectors = await h.services.index.fetchVectors((await h.chunksOf('time-off.md')).map((point) => point.id));
    expect([...vectors.values()].every((vector) => vector.length === 32)).toBe(true);
    expect((await h.search('hotel cap'))[0]!.path).toBe('expenses.md');
  });

  it('rebuilds with the same embedder by reusing stored vectors, and rolls back to a caught-up previous generation', async () => {
    const h = await indexedHarness();
    const texts = h.services.scheduler.stats.texts;
    const result = await reindex(h.config, h.services.db, { inProcessExtraction: true });
    expect(result).toMatchObject({ swapped: true, gate: { passed: true } });
    expect(h.services.scheduler.stats.texts).toBe(texts);
    expect(listGenerations(h.services.db).map((generation) => [generation.name, generation.state])).toEqual([
      ['g1', 'previous'],
      ['g2', 'serving'],
    ]);
    await h.services.refresh();
    expect(await h.services.index.count()).toBe(2);
    h.write('expenses.md', EXPENSES.replace('160', '190'));
    await h.sync();
    const back = await rollback(h.config, h.services.db, { inProcessExtraction: true });
    expect(back).toMatchObject({ generation: 'g1', previous: 'g2' });
    await h.services.refresh();
    expect(h.services.generation.name).toBe('g1');
    expect((await h.search('hotel cap'))[0]!.text).toContain('190 EUR');
  });

  it('carries the curated (reviewed) answers into the new generation', async () => {
    const h = await indexedHarness();
    const store = new CuratedStore(h.services.db);
    const entry = store.create({
      question: 'Who approves travel to trade fairs?',
      answer: 'The head of sales.',
      spaces: null,
      basedOn: [],
      escalationId: null,
      createdBy: 'reviewer@example.com',
    });
    await indexCurated(h.services, entry);
    expect(await h.services.index.count({ docIds: [curatedDocId(entry.id)] })).toBe(1);
    const result = await reindex(h.config, h.services.db, { inProcessExtraction: true });
    expect(result).toMatchObject({ swapped: true, generation: 'g2' });
    await h.services.refresh();
    expect(await h.services.index.count({ docIds: [curatedDocId(entry.id)] })).toBe(1);
  });

  it('keeps answering after a reindex swaps the embedder the assistant uses (worker threads)', async () => {
    const h = await indexedHarness();
    const services = await openServices(h.config, { embedThreads: 1 });
    const assistant = new Assistant(services, { chatModel: null });
    try {
      const question = 'How many vacation days do I get per year?';
      const before = await assistant.askToCompletion({ viewer: SYSTEM, question });
      expect(before.outcome).toMatchObject({ outcome: 'answered' });
      expect(await reindex(h.config, h.services.db, { inProcessExtraction: true })).toMatchObject({ swapped: true });
      const after = await assistant.askToCompletion({ viewer: SYSTEM, question });
      expect(services.generation.name).toBe('g2');
      expect(after.events.find((event) => event.type === 'classification')).toMatchObject({
        category: 'question',
        reason: expect.not.stringContaining('unavailable'),
      });
      expect(after.outcome).toMatchObject({ outcome: 'answered' });
      expect(after.outcome.text).toContain('25 days');
    } finally {
      assistant.close();
      await services.close();
    }
  });

  it('switches only when the evaluation gate passes; a failing gate leaves the current generation serving', async () => {
    const h = await indexedHarness();
    writeEvalSet(h.config.gate.evalSetPath, [
      { question: 'How many vacation days do I get?', expected: ['time-off.md'] },
      { question: 'What is the hotel cap per night?', expected: ['expenses.md'] },
    ]);
    const passing = await reindex(h.config, h.services.db, { inProcessExtraction: true });
    expect(passing.swapped).toBe(true);
    expect(passing.gate).toMatchObject({ passed: true, details: { questions: 2, recall: 1, serving_recall: 1 } });

    // Questions whose expected documents the new generation cannot return: Recall@k 0.5 < 0.8.
    writeEvalSet(h.config.gate.evalSetPath, [
      { question: 'How many vacation days do I get?', expected: ['time-off.md'] },
      { question: 'Where is the onboarding checklist?', expected: ['onboarding.md'] },
    ]);
    const failing = await reindex(h.config, h.services.db, { inProcessExtraction: true });
    expect(failing.swapped).toBe(false);
    expect(failing.reason).toMatch(/evaluation gate failed: Recall@5 0.5 is below the minimum 0.8/);
    expect(servingGeneration(h.services.db)!.name).toBe(passing.generation);
    expect(listGenerations(h.services.db).find((generation) => generation.name === failing.generation)).toMatchObject({ state: 'failed' });
    expect(h.services.db.prepare('select count(*) as n from documents where generation = ?').get(failing.generation)).toEqual({ n: 0 });

    const forced = await reindex(h.config, h.services.db, { inProcessExtraction: true, force: true });
    expect(forced).toMatchObject({ swapped: true, gate: null });
  });

  it('ships a starter evaluation set that the sample documents pass', () => {
    for (const item of STARTER_EVAL_SET) {
      for (const path of item.expected) expect(fs.existsSync(`examples/${path}`), path).toBe(true);
    }
  });

  it('moves the index into Qdrant with a reindex, switching the alias atomically, and rolls back', async () => {
    qdrant = await new QdrantDouble().start();
    const h = await indexedHarness();
    const withQdrant = testConfig({ DOCENT_DATA_DIR: h.config.dataDir, QDRANT_URL: qdrant.url });
    await h.restart(withQdrant);
    expect((await planReindex(withQdrant, h.services.db)).target_backend).toBe('qdrant');
    const result = await reindex(withQdrant, h.services.db, { inProcessExtraction: true });
    expect(result).toMatchObject({ swapped: true, generation: 'docent_2', previous: 'g1' });
    expect(qdrant.aliasTarget('docent')).toBe('docent_2');
    const aliasRequests = qdrant.requests.filter((request) => request.path === '/collections/aliases');
    expect(aliasRequests).toHaveLength(1);
    await h.services.refresh();
    expect(h.services.index.backend).toBe('qdrant');
    expect((await h.search('How many vacation days?'))[0]).toMatchObject({ path: 'time-off.md', heading: 'Time off › Vacation' });
    // Changes after the switch go to Qdrant.
    h.write('expenses.md', EXPENSES.replace('160', '175'));
    await h.sync();
    expect((await h.search('hotel cap'))[0]!.text).toContain('175 EUR');
    // Every request here is checked against Qdrant's OpenAPI schema in test/datasets/qdrant-openapi.test.ts (test:full).

    await rollback(withQdrant, h.services.db, { inProcessExtraction: true });
    await h.services.refresh();
    expect(h.services.index.backend).toBe('embedded');
    expect((await h.search('hotel cap'))[0]!.text).toContain('175 EUR');
  });
});

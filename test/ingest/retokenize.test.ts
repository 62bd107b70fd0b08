import { afterEach, describe, expect, it, vi } from 'vitest';
import { CuratedStore, indexCurated } from '../../lib/answer/curated';
import { loadConfig } from '../../lib/config';
import { buildStatusReport } from '../../lib/status';
import { TOKENIZER_VERSION } from '../../lib/text/tokenize';
import { getGeneration } from '../../lib/vector-index/generations';
import type { GenerationIndex } from '../../lib/vector-index/types';
import { searchChunks } from '../../lib/retrieval';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { QdrantDouble } from '../helpers/qdrant-double';
import { testConfig } from '../helpers/temp';
import { uniqueName } from '../lib/vector-index/qdrant-harness';

// An older tokenizer, played by the real one with every term suffixed: what an index written before
// an upgrade holds once the tokenizer changed (new stems, new stop words, new segmentation).
const older = vi.hoisted(() => ({ on: false }));
vi.mock('../../lib/text/tokenize', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/text/tokenize')>();
  return { ...real, tokenize: (text: string, language?: string) => real.tokenize(text, language).map((term) => (older.on ? `${term}zq` : term)) };
});

let harness: PipelineHarness | null = null;
let qdrant: QdrantDouble | null = null;
let dropAfter = false;
afterEach(async () => {
  older.on = false;
  // A real server's collection is this test's own (a unique prefix) and goes with it.
  if (dropAfter) await (harness?.services.index as GenerationIndex | undefined)?.drop();
  dropAfter = false;
  await harness?.close();
  await qdrant?.stop();
  harness = null;
  qdrant = null;
});

/** A data directory indexed by the older tokenizer, its generation recorded as written before versions were kept. */
async function indexedByOlderTokenizer(overrides: Record<string, string> = {}): Promise<{ h: PipelineHarness; curatedId: string }> {
  // Without the run's embedding cache: the test counts the calls that reach the embedder.
  const h = await PipelineHarness.create({ config: testConfig({ DOCENT_EMBED_CACHE: '', ...overrides }) });
  h.write('expenses.md', '# Expenses\n\nThe hotel cap is 160 EUR per night in most cities.\n');
  h.write('time-off.md', '# Time off\n\nEvery employee receives 25 days of paid vacation each year.\n');
  older.on = true;
  await h.sync();
  const curated = new CuratedStore(h.services.db).create({
    question: 'Can I bring my dog to the office?',
    answer: 'Dogs are welcome on Fridays when your team agrees.',
    basedOn: [],
    escalationId: null,
    createdBy: null,
    spaces: null,
  });
  await indexCurated(h.services, curated);
  older.on = false;
  h.services.db.prepare('update generations set tokenizer = null where name = ?').run(h.services.generation.name);
  return { h, curatedId: curated.id };
}

const lexicalPaths = async (h: PipelineHarness, query: string) =>
  (await searchChunks(h.services, query, { k: 3, mode: 'lexical', language: 'en' })).map((hit) => hit.path);

// The embedded index builds a new term table from its 3 chunks and swaps it in (no document write); Qdrant's
// points are written again document by document: every document the registry knows (the new file's scan
// came first) and the reviewed answer, three of which hold chunks.
const BACKENDS = [
  { backend: 'embedded', settings: () => Promise.resolve({}), total: 3, rewrites: 0, documents: undefined },
  {
    backend: 'qdrant (double)',
    settings: async () => {
      qdrant = await new QdrantDouble().start();
      return { QDRANT_URL: qdrant.url };
    },
    total: 4,
    rewrites: 3,
    documents: 3,
  },
  // A real server too, when QDRANT_URL names one (the unit suite's runs against the double are the same test).
  ...(() => {
    const server = loadConfig().qdrant;
    if (!server) return [];
    const settings = async () => {
      dropAfter = true;
      return { QDRANT_URL: server.url, QDRANT_API_KEY: server.apiKey ?? '', DOCENT_QDRANT_PREFIX: uniqueName('retokenize') };
    };
    return [{ backend: `qdrant at ${server.url}`, settings, total: 4, rewrites: 3, documents: 3 }];
  })(),
];

describe.each(BACKENDS)('after an upgrade that changed the tokenizer ($backend)', ({ settings, total, rewrites, documents }) => {
  it('re-reads the stored chunks’ terms before the next job, without extracting or embedding again', async () => {
    const { h, curatedId } = await indexedByOlderTokenizer(await settings());
    harness = h;
    expect(await lexicalPaths(h, 'hotel cap'), 'old terms do not meet new query terms').toEqual([]);
    expect(buildStatusReport(h.services, null).terms_warning).toMatch(/written by an older tokenizer.*re-read them/);

    const events: unknown[] = [];
    h.pipeline.on('terms', (event) => events.push(event));
    const embedCalls = h.embedCalls;
    const written = h.writes;
    h.write('bikes.md', '# Bikes\n\nBikes are parked in the courtyard.\n');
    await h.sync();

    expect(events.at(0)).toEqual({ phase: 'progress', from: null, to: TOKENIZER_VERSION, done: 0, total });
    expect(events.at(-1)).toEqual({
      phase: 'done',
      from: null,
      to: TOKENIZER_VERSION,
      chunks: 3,
      duration_s: expect.any(Number),
      ...(documents ? { documents, skipped: 0 } : {}),
    });
    // The terms rewritten, then the new file indexed: one embedding call, for it alone.
    expect(h.writes - written).toBe(rewrites + 1);
    expect(h.embedCalls - embedCalls).toBe(1);
    expect(await lexicalPaths(h, 'hotel cap')).toEqual(['expenses.md']);
    expect(await lexicalPaths(h, 'paid vacation')).toEqual(['time-off.md']);
    expect(await lexicalPaths(h, 'dogs on Fridays')).toEqual([`curated/${curatedId}`]);
    expect(getGeneration(h.services.db, h.services.generation.name)!.tokenizer).toBe(TOKENIZER_VERSION);
    expect(buildStatusReport(h.services, null).terms_warning).toBeNull();

    events.length = 0;
    await h.sync();
    expect(events, 'current terms are not read again').toEqual([]);
  });
});

describe('a generation written by this tokenizer', () => {
  it('is recorded with its version and never re-read', async () => {
    const h = (harness = await PipelineHarness.create());
    h.write('expenses.md', '# Expenses\n\nThe hotel cap is 160 EUR per night.\n');
    await h.sync();
    expect(getGeneration(h.services.db, h.services.generation.name)!.tokenizer).toBe(TOKENIZER_VERSION);
    expect(await h.pipeline.retokenize()).toBeNull();
    expect(buildStatusReport(h.services, null).terms_warning).toBeNull();
  });
});

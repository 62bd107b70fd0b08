import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { getMeta, openDatabase, setMeta } from '../db';
import { percentile } from '../status';
import { tokenize } from '../text/tokenize';
import { EmbeddedIndex } from '../vector-index/embedded-index';
import { generationTables } from '../vector-index/embedded-schema';
import { type Backend, type Generation, createGeneration, listGenerations } from '../vector-index/generations';
import { closeSearchThread } from '../vector-index/dense-thread';
import { ensureServingGeneration, openIndex } from '../vector-index/open-index';
import { createQdrantClient } from '../vector-index/qdrant-client';
import { DENSE } from '../vector-index/qdrant-requests';
import type { AccessFilter, GenerationIndex, HybridQuery, IndexPoint } from '../vector-index/types';
import { toBlob } from '../vector-index/vector-math';
import { createEmbedder, createScheduler } from '../embedder/create-embedder';
import { loadBeir } from './datasets';
import { type BasePassages, type QuerySample, baseCachePath, corpusPoint, writeBase } from './query-corpus';
import { round } from './metrics';

export interface QueryRun {
  backend: Backend;
  chunks: number;
  hybrid: { p50_s: number; p95_s: number; p99_s: number };
  /** As the chat asks: documents only (reviewed answers are searched apart). */
  hybrid_documents: { p50_s: number; p95_s: number; p99_s: number };
  /** As an asker who may not read three of the ten folders (lib/spaces), filtered inside the index. */
  hybrid_spaces: { p50_s: number; p95_s: number; p99_s: number };
  /** hybrid_spaces p95 over hybrid_documents p95: what spaces cost an asker. */
  spaces_p95_ratio: number;
  /** Share of the exact top 10 (cosine, every vector) that the index's dense search returns. */
  recall_at_10: number;
  /** Embedded: share of the exact BM25 top 10 (every matching chunk scored) that the lexical search returns (lib/vector-index/embedded-lexical.ts). Qdrant: null. */
  lexical_recall_at_10: number | null;
  /** Embedded: the data directory on disk. Qdrant: null (the server's storage is not ours to measure). */
  index_mb: number | null;
  build_s: number;
  /** The index was kept from an earlier run (bench:query --index-dir): build_s is that run's. */
  reused_index: boolean;
  /** This process (Docent's side), building and querying. */
  peak_rss_mb: number;
  lists: number | null;
}

const CHUNKS_PER_DOC = 8;
/** What an asker outside three teams may not read: their folders (30% of the corpus) and some reviewed answers. */
const SPACE_FILTER: AccessFilter = {
  excludeFolders: ['folder3/', 'folder5/', 'folder8/'].map((folder) => ({ root: null, folder })),
  excludeDocIds: Array.from({ length: 50 }, (_, n) => `curated:hidden-${n}`),
};
const PASSAGE_CHARS = 1200;
/** Meta key recording a finished build's size and time, so a kept index is reused only when complete. */
const BUILT_KEY = 'bench_query_built';

function folderMb(folder: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return round(bytes / 2 ** 20, 1);
}

function hybridQuery(config: Config, sample: QuerySample, overrides: Partial<HybridQuery> = {}): HybridQuery {
  return {
    vector: sample.vector,
    terms: tokenize(sample.text),
    limit: 10,
    mode: 'hybrid',
    fusion: config.retrieval.fusion,
    denseWeight: config.retrieval.denseWeight,
    rrfK: config.retrieval.rrfK,
    candidates: config.retrieval.candidates,
    ...overrides,
  };
}

/** Writes the corpus's first `chunks` chunks into `index`, eight to a document. */
async function fillIndex(index: GenerationIndex, base: BasePassages, chunks: number, onProgress: (done: number) => void): Promise<void> {
  for (let first = 0; first < chunks; first += CHUNKS_PER_DOC) {
    const upsert: IndexPoint[] = [];
    for (let i = first; i < Math.min(chunks, first + CHUNKS_PER_DOC); i++) upsert.push(corpusPoint(base, i, CHUNKS_PER_DOC));
    await index.writeDocument({ docId: upsert[0]!.payload.doc_id, upsert, delete: [], updatePayload: [] });
    if (first % 2000 === 0) onProgress(first);
  }
}

/**
 * Embeds a BEIR dataset's passages and test queries with the configured embedder once, caching
 * them under `work`; returns the cache file (query-corpus.ts reads it).
 */
export async function embedBase(config: Config, dataset: string, work: string, onProgress: (done: number, total: number) => void): Promise<string> {
  const { documents, queries } = loadBeir(path.resolve(dataset));
  const texts = documents.map((document) => `${document.title}. ${document.text}`.slice(0, PASSAGE_CHARS));
  const embedder = await createEmbedder(config);
  const file = baseCachePath(work, embedder.identity, texts);
  if (fs.existsSync(file)) {
    await embedder.close();
    return file;
  }
  const scheduler = createScheduler(config, embedder);
  try {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += 256) {
      vectors.push(...(await scheduler.embed(texts.slice(start, start + 256))));
      onProgress(Math.min(texts.length, start + 256), texts.length);
    }
    const queryVectors = await scheduler.embed(queries.map((query) => query.text));
    const samples = queries.map((query, index) => ({ text: query.text, vector: queryVectors[index]! }));
    writeBase(file, { identity: embedder.identity, texts, vectors }, samples);
    return file;
  } finally {
    await scheduler.close();
  }
}

/** Puts `chunks` corpus chunks into the serving generation of the data directory `config` names, before Docent starts on it. */
export async function prefillServing(config: Config, base: BasePassages, chunks: number, onProgress: (done: number) => void): Promise<void> {
  const db = openDatabase(config.dataDir);
  try {
    const index = await openIndex(
      config,
      db,
      ensureServingGeneration(config, db, () => base.identity),
    );
    await fillIndex(index, base, chunks, onProgress);
  } finally {
    db.close();
  }
}

/**
 * An embedded index an earlier run of the same size built in this data directory (bench:query --index-dir), with that
 * run's build time; null in a new folder. An unfinished build or another size is refused.
 */
function keptIndex(db: ReturnType<typeof openDatabase>, dataDir: string, chunks: number): { generation: Generation; buildS: number } | null {
  const generation = listGenerations(db).find((candidate) => candidate.backend === 'embedded');
  if (!generation) return null;
  const recorded = getMeta(db, BUILT_KEY);
  if (recorded === null) throw new Error(`${dataDir} holds an index whose build did not finish; give an empty folder.`);
  const built = JSON.parse(recorded) as { chunks: number; build_s: number };
  if (built.chunks !== chunks) throw new Error(`${dataDir} holds an index of ${built.chunks} chunks, not ${chunks}.`);
  return { generation, buildS: built.build_s };
}

/** The exact top 10 by cosine over every vector, as point ids. */
async function exactTop10(config: Config, backend: Backend, db: ReturnType<typeof openDatabase>, generation: string, vector: Float32Array): Promise<string[]> {
  if (backend === 'qdrant') {
    const client = createQdrantClient({ url: config.qdrant!.url, apiKey: config.qdrant!.apiKey });
    const result = await client.query(generation, { query: Array.from(vector), using: DENSE, limit: 10, params: { exact: true } });
    return result.points.map((point) => String(point.id));
  }
  const tables = generationTables(generation);
  // Without a list constraint, vec0 compares the query with every vector of every list.
  const rows = db.prepare(`select rowid from ${tables.vectors} where embedding match ? and k = 10`).all(toBlob(vector)) as { rowid: number }[];
  const select = db.prepare(`select id from ${tables.chunks} where rowid = ?`);
  return rows.map((row) => (select.get(row.rowid) as { id: string }).id);
}

/** The embedded lexical search's top 10 against an exact ranking of every matching chunk, over `samples`. */
async function lexicalRecallAt10(
  config: Config,
  db: ReturnType<typeof openDatabase>,
  generation: string,
  base: BasePassages,
  index: GenerationIndex,
  samples: QuerySample[],
): Promise<number> {
  const { titleWeight, headingWeight, probes } = config.retrieval;
  const exact = new EmbeddedIndex(db, generation, base.identity, { titleWeight, headingWeight, probes, exactLexicalMatches: Infinity });
  let found = 0;
  let expected = 0;
  for (const sample of samples) {
    const lexical = (target: GenerationIndex) => target.query(hybridQuery(config, sample, { mode: 'lexical', vector: null }));
    const truth = new Set((await lexical(exact)).map((point) => point.id));
    found += (await lexical(index)).filter((point) => truth.has(point.id)).length;
    expected += truth.size;
  }
  return expected ? round(found / expected, 4) : 1;
}

/**
 * Builds a `chunks`-chunk corpus in a fresh generation of `backend` (config.dataDir must be a new
 * folder), then times hybrid queries as the index answers them (query vectors precomputed, so the
 * embedder's time is not in the figure) and compares its dense top 10 with exact search.
 */
export async function measureQueries(
  config: Config,
  backend: Backend,
  chunks: number,
  base: BasePassages,
  queries: QuerySample[],
  onProgress: (done: number, total: number, stage: string) => void,
): Promise<QueryRun> {
  const db = openDatabase(config.dataDir);
  const kept = backend === 'embedded' ? keptIndex(db, config.dataDir, chunks) : null;
  const generation = kept?.generation ?? createGeneration(db, backend, base.identity, 'serving', config.qdrant?.prefix);
  const index: GenerationIndex = await openIndex(config, db, generation);
  try {
    let buildS: number;
    if (kept) buildS = kept.buildS;
    else {
      const started = performance.now();
      await fillIndex(index, base, chunks, (done) => onProgress(done, chunks, 'build'));
      buildS = (performance.now() - started) / 1000;
      if (backend === 'embedded') setMeta(db, BUILT_KEY, JSON.stringify({ chunks, build_s: buildS }));
    }
    if (backend === 'embedded') db.pragma('wal_checkpoint(TRUNCATE)');

    for (const sample of queries.slice(0, 10)) await index.query(hybridQuery(config, sample));
    const times: number[] = [];
    const documentTimes: number[] = [];
    const spaceTimes: number[] = [];
    // The three kinds alternate, so all see the same machine and caches.
    const timed = async (into: number[], query: HybridQuery) => {
      const t = performance.now();
      await index.query(query);
      into.push((performance.now() - t) / 1000);
    };
    for (const [n, sample] of queries.entries()) {
      await timed(times, hybridQuery(config, sample));
      await timed(documentTimes, hybridQuery(config, sample, { filter: { sourceTypes: ['document'] } }));
      await timed(spaceTimes, hybridQuery(config, sample, { filter: { sourceTypes: ['document'], access: SPACE_FILTER } }));
      if (n % 20 === 0) onProgress(n, queries.length, 'hybrid');
    }
    const figures = (values: number[]) => ({
      p50_s: round(percentile(values, 50)!, 4),
      p95_s: round(percentile(values, 95)!, 4),
      p99_s: round(percentile(values, 99)!, 4),
    });
    let found = 0;
    const recallQueries = queries.slice(0, 100);
    for (const [n, sample] of recallQueries.entries()) {
      const expected = new Set(await exactTop10(config, backend, db, generation.name, sample.vector));
      const got = await index.query(hybridQuery(config, sample, { mode: 'dense', terms: [], candidates: 10 }));
      found += got.filter((point) => expected.has(point.id)).length;
      if (n % 10 === 0) onProgress(n, recallQueries.length, 'recall');
    }
    const lexicalRecall = backend === 'embedded' ? await lexicalRecallAt10(config, db, generation.name, base, index, recallQueries) : null;
    const lists = backend === 'embedded' ? (db.prepare(`select count(*) as n from ${generationTables(generation.name).lists}`).get() as { n: number }).n : null;
    return {
      backend,
      chunks,
      hybrid: figures(times),
      hybrid_documents: figures(documentTimes),
      hybrid_spaces: figures(spaceTimes),
      spaces_p95_ratio: round(percentile(spaceTimes, 95)! / percentile(documentTimes, 95)!, 2),
      recall_at_10: round(found / (recallQueries.length * 10), 3),
      lexical_recall_at_10: lexicalRecall,
      index_mb: backend === 'embedded' ? folderMb(config.dataDir) : null,
      build_s: round(buildS, 1),
      reused_index: kept !== null,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      lists,
    };
  } finally {
    if (backend === 'qdrant') await index.drop();
    await closeSearchThread(db);
    db.close();
  }
}

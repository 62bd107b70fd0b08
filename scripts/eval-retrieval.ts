import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configWith } from '../lib/config';
import { UsageError } from '../lib/errors';
import {
  DatasetMissingError,
  type RetrievalDataset,
  documentIdFromPath,
  halfOf,
  loadBeir,
  loadSquad,
  materialize,
  squadAsRetrieval,
} from '../lib/evaluation/datasets';
import { type RetrievalVariant, STANDARD_VARIANTS, evaluateRetrieval } from '../lib/evaluation/retrieval-eval';
import { openServices } from '../lib/services';
import { createPipeline } from '../ingest/create-pipeline';
import { syncFolder } from '../ingest/sync';
import { onInterrupt, parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';

const DEFAULT_BEIR = '../shared/datasets/scifact';
const DEFAULT_SQUAD = '../shared/datasets/squad2-dev/dev-v2.0-half-a.json';

function sweepVariants(): RetrievalVariant[] {
  const variants: RetrievalVariant[] = [...STANDARD_VARIANTS];
  for (const weight of [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]) variants.push({ name: `score α${weight}`, mode: 'hybrid', fusion: 'score', denseWeight: weight });
  for (const weight of [0.3, 0.5, 1.0]) variants.push({ name: `rrf w${weight}`, mode: 'hybrid', fusion: 'rrf', denseWeight: weight });
  return variants;
}

runMain(async () => {
  const { values, positionals } = parseCommandLine({
    dataset: { type: 'string' },
    format: { type: 'string', default: 'beir' },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    sweep: { type: 'boolean', default: false },
    limit: { type: 'string' },
    backend: { type: 'string' },
  });
  if (values.format !== 'beir' && values.format !== 'squad') throw new UsageError('--format must be beir or squad');
  const source = path.resolve(values.dataset ?? positionals[0] ?? (values.format === 'squad' ? DEFAULT_SQUAD : DEFAULT_BEIR));
  let dataset: RetrievalDataset;
  try {
    dataset = values.format === 'squad' ? squadAsRetrieval(loadSquad(source)) : loadBeir(source);
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (values.limit) dataset.queries = dataset.queries.slice(0, Number(values.limit));
  // Evaluations never touch the user's data: a fresh temporary data directory unless one is named.
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-'));
  const baseConfig = configWith({ DOCENT_DATA_DIR: dataDir });
  const requested = values.backend ?? (baseConfig.qdrant ? 'both' : 'embedded');
  if (!['embedded', 'qdrant', 'both'].includes(requested)) throw new UsageError('--backend must be embedded, qdrant or both');
  if (requested !== 'embedded' && !baseConfig.qdrant) throw new UsageError('--backend qdrant needs QDRANT_URL');
  const backends = requested === 'both' ? (['embedded', 'qdrant'] as const) : ([requested] as ['embedded' | 'qdrant']);
  const corpus = path.join(dataDir, 'eval-corpus', `${values.format}-${path.basename(source, '.json')}`);
  say(`Dataset ${dataset.name}: ${dataset.documents.length} documents, ${dataset.queries.length} queries. Data directory: ${dataDir}`);
  materialize(dataset.documents, corpus);

  const variants = values.sweep ? sweepVariants() : STANDARD_VARIANTS;
  const splits = values.sweep ? (['a', 'b'] as const) : (['all'] as const);
  type Scores = Record<string, { 'ndcg@10': number; 'recall@100': number; '@1': number; '@5': number }>;
  const perBackend: Record<string, Record<string, unknown>> = {};
  let settingsConfig = baseConfig;
  for (const backend of backends) {
    // Each backend gets its own data directory so both can be compared on the same corpus.
    const config =
      backend === 'embedded' ? configWith({ DOCENT_DATA_DIR: dataDir, QDRANT_URL: '' }) : configWith({ DOCENT_DATA_DIR: path.join(dataDir, 'qdrant') });
    settingsConfig = config;
    const services = await openServices(config);
    const { pipeline, extractor } = createPipeline(services);
    onInterrupt(() => pipeline.stop());
    try {
      let bar: ReturnType<typeof progressBar> | null = null;
      const ingestStarted = performance.now();
      const sync = await syncFolder(services, pipeline, fs.realpathSync(corpus), {
        onScan: (_scan, queued) => {
          if (queued) bar = progressBar(`Indexing (${backend})`, queued);
        },
        onProgress: (done, _total, label) => bar?.update(done, label),
      });
      (bar as ReturnType<typeof progressBar> | null)?.stop();
      const ingestSeconds = (performance.now() - ingestStarted) / 1000;
      say(
        `[${backend}] indexed ${services.registry.totals().indexed} documents, ${await services.index.count()} chunks (${ingestSeconds.toFixed(1)} s, ${sync.embedded_texts} texts embedded).`,
      );
      const report: Record<string, unknown> = {};
      for (const split of splits) {
        const queries = split === 'all' ? dataset.queries : dataset.queries.filter((query) => halfOf(query.id) === split);
        const evalBar = progressBar(`Queries (${backend}, ${split})`, queries.length);
        const scores = await evaluateRetrieval(services, queries, variants, documentIdFromPath, (done) => evalBar.update(done));
        evalBar.stop();
        report[split] = { queries: queries.length, ...scores };
        say(`\n[${backend}] ${split === 'all' ? 'all queries' : `split ${split}`} (${queries.length} queries):`);
        say(`  ${'variant'.padEnd(14)} ${'nDCG@10'.padStart(8)} ${'R@100'.padStart(8)} ${'@1'.padStart(7)} ${'@5'.padStart(7)}`);
        for (const [name, score] of Object.entries(scores)) {
          say(
            `  ${name.padEnd(14)} ${score['ndcg@10'].toFixed(4).padStart(8)} ${score['recall@100'].toFixed(4).padStart(8)} ${score['@1'].toFixed(3).padStart(7)} ${score['@5'].toFixed(3).padStart(7)}`,
          );
        }
      }
      const all = (report.all ?? report.a) as Scores;
      const pick = (name: string) =>
        values.format === 'squad'
          ? { '@1': all[name]!['@1'], '@5': all[name]!['@5'], 'ndcg@10': all[name]!['ndcg@10'] }
          : { 'ndcg@10': all[name]!['ndcg@10'], 'recall@100': all[name]!['recall@100'] };
      perBackend[backend] = {
        bm25: pick('bm25'),
        dense: pick('dense'),
        hybrid: pick('hybrid'),
        fusion: config.retrieval.fusion,
        chunks: await services.index.count(),
        ingest_s: Math.round(ingestSeconds * 100) / 100,
        ...(values.sweep ? { splits: report } : {}),
      };
    } finally {
      await extractor.close();
      await services.close();
    }
  }
  {
    const config = settingsConfig;
    const first = perBackend[backends[0]]!;
    const result = {
      dataset: dataset.name,
      format: values.format,
      queries: dataset.queries.length,
      documents: dataset.documents.length,
      backend: backends[0],
      bm25: first.bm25,
      dense: first.dense,
      hybrid: first.hybrid,
      settings: {
        fusion: config.retrieval.fusion,
        dense_weight: config.retrieval.denseWeight,
        title_weight: config.retrieval.titleWeight,
        heading_weight: config.retrieval.headingWeight,
        chunk_size: config.chunking.size,
        chunk_overlap: config.chunking.overlap,
        embedder: config.embedder.provider,
      },
      chunks: first.chunks,
      ingest_s: first.ingest_s,
      backends: perBackend,
    };
    const file = writeResult(`eval-retrieval-${values.format}-${path.basename(source, '.json')}${values.sweep ? '-sweep' : ''}`, result);
    say(`\nWrote ${path.relative(process.cwd(), file)}`);
    if (values.json) printJson(result);
    return 0;
  }
});

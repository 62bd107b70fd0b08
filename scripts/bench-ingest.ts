import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configWith } from '../lib/config';
import { createEmbedder, createScheduler } from '../lib/embedder/create-embedder';
import { DatasetMissingError, loadBeir, materialize } from '../lib/evaluation/datasets';
import { round } from '../lib/evaluation/metrics';
import { searchChunks } from '../lib/retrieval';
import { openServices } from '../lib/services';
import { percentile } from '../lib/status';
import { chunkDocument } from '../ingest/chunk';
import { createPipeline } from '../ingest/create-pipeline';
import { extractFile } from '../ingest/extract';
import { syncFolder } from '../ingest/sync';
import { startWatcher } from '../ingest/watcher';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { rssSampler } from './memory';
import { writeResult } from './results';

const DEFAULT_DATASET = '../shared/datasets/scifact';

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: DEFAULT_DATASET },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    limit: { type: 'string' },
    'freshness-files': { type: 'string', default: '20' },
  });
  let documents;
  try {
    documents = loadBeir(path.resolve(values.dataset)).documents;
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (values.limit) documents = documents.slice(0, Number(values.limit));
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-'));
  // Measures embedding: a configured cache would answer from vectors of an earlier run.
  const config = configWith({ DOCENT_DATA_DIR: dataDir, DOCENT_EMBED_CACHE: '' });
  const corpus = path.join(dataDir, 'bench-corpus');
  fs.rmSync(corpus, { recursive: true, force: true });
  materialize(documents, corpus);
  const root = fs.realpathSync(corpus);
  say(`Benchmark: ingesting ${documents.length} documents from ${values.dataset} into ${dataDir} (${os.availableParallelism()} cores).`);

  const services = await openServices(config);
  const { pipeline, extractor } = createPipeline(services);
  try {
    // 1. First ingest: the full pipeline (sandboxed extraction, chunking, embedding, index writes).
    const sampler = rssSampler();
    let bar: ReturnType<typeof progressBar> | null = null;
    const first = await syncFolder(services, pipeline, root, {
      onScan: (_scan, queued) => {
        bar = progressBar('Ingesting', queued);
      },
      onProgress: (done, _total, label) => bar?.update(done, label),
    });
    (bar as ReturnType<typeof progressBar> | null)?.stop();
    const peakRssMb = sampler.stop();
    const chunks = await services.index.count();
    say(`Ingested ${documents.length} documents (${chunks} chunks) in ${first.duration_s} s.`);

    // 2. The same chunk texts through the same embedder alone: the floor the pipeline is measured against.
    const texts: string[] = [];
    for (const file of fs.readdirSync(root)) {
      const extracted = await extractFile({
        file: path.join(root, file),
        passwords: [],
        maxFileBytes: config.gates.maxFileBytes,
        maxExpandedBytes: config.gates.maxExpandedBytes,
      });
      for (const chunk of await chunkDocument(extracted, config.chunking)) texts.push(chunk.embedText);
    }
    const embedder = await createEmbedder(config, { identity: services.generation.embedder });
    const scheduler = createScheduler(config, embedder);
    await scheduler.embed(texts.slice(0, Math.min(8, texts.length))); // load the model in every worker first
    const embedStarted = performance.now();
    const embedBar = progressBar('Embedding only', texts.length);
    const batch = 512;
    for (let index = 0; index < texts.length; index += batch) {
      await scheduler.embed(texts.slice(index, index + batch));
      embedBar.update(Math.min(texts.length, index + batch));
    }
    embedBar.stop();
    const embedOnlySeconds = (performance.now() - embedStarted) / 1000;
    await scheduler.close();
    say(`Embedding the same ${texts.length} chunk texts alone: ${embedOnlySeconds.toFixed(1)} s.`);

    // 3. Unchanged re-run.
    const rerun = await syncFolder(services, pipeline, root);
    say(`Unchanged re-run: ${rerun.duration_s} s (${rerun.embed_calls} embedding calls).`);

    // 4. Freshness: a file written into the watched folder until search returns its chunk.
    const watched = fs.realpathSync(fs.mkdtempSync(path.join(dataDir, 'watched-')));
    const watcher = await startWatcher(services, [watched], () => undefined);
    const lags: number[] = [];
    const files = Number(values['freshness-files']);
    const freshBar = progressBar('Freshness', files);
    for (let index = 0; index < files; index += 1) {
      const marker = `zebracorn${index}quill`;
      const started = performance.now();
      fs.writeFileSync(
        path.join(watched, `fresh-${index}.md`),
        `# Freshness probe ${index}\n\nThe ${marker} appears only in this probe document number ${index}.\n`,
      );
      for (;;) {
        const hits = await searchChunks(services, marker, { k: 3, mode: 'lexical' });
        if (hits.some((hit) => hit.path === `fresh-${index}.md`)) break;
        if (performance.now() - started > 60_000) throw new Error(`fresh-${index}.md was not searchable after 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      lags.push((performance.now() - started) / 1000);
      freshBar.update(index + 1);
    }
    freshBar.stop();
    watcher.stop();
    await watcher.done;

    const result = {
      dataset: path.basename(values.dataset),
      documents: documents.length,
      chunks,
      ingest_s: round(first.duration_s, 2),
      documents_per_s: round(documents.length / first.duration_s, 2),
      chunks_per_s: round(chunks / first.duration_s, 2),
      embed_only_s: round(embedOnlySeconds, 2),
      ratio: round(first.duration_s / embedOnlySeconds, 3),
      rerun_s: round(rerun.duration_s, 3),
      rerun_fraction: round(rerun.duration_s / first.duration_s, 4),
      rerun_embed_calls: rerun.embed_calls,
      peak_rss_mb: peakRssMb,
      freshness: { files, p50_s: round(percentile(lags, 50)!, 3), p95_s: round(percentile(lags, 95)!, 3), max_s: round(Math.max(...lags), 3) },
      settings: {
        embed_threads: config.embedder.threads,
        embed_concurrency: config.embedder.concurrency,
        batch_size: config.embedder.batchSize,
        chunk_size: config.chunking.size,
        watch_stability_ms: config.pipeline.watchStabilityMs,
      },
      targets: { ratio: '<= 1.15', rerun_fraction: '<= 0.02', freshness_p95_s: '<= 2' },
    };
    say(
      `\n${result.documents_per_s} documents/s, ${result.chunks_per_s} chunks/s; pipeline/embedding ratio ${result.ratio} (target ≤ 1.15); ` +
        `re-run ${(result.rerun_fraction * 100).toFixed(2)}% of the first (target ≤ 2%); peak RSS ${peakRssMb} MB; ` +
        `freshness p50 ${result.freshness.p50_s} s, p95 ${result.freshness.p95_s} s (target ≤ 2 s).`,
    );
    const file = writeResult(`bench-ingest-${result.dataset}${values.limit ? `-${values.limit}` : ''}`, result);
    say(`Wrote ${path.relative(process.cwd(), file)}`);
    if (values.json) printJson(result);
    return 0;
  } finally {
    await extractor.close();
    await services.close();
  }
});

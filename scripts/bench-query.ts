import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configWith } from '../lib/config';
import { DatasetMissingError } from '../lib/evaluation/datasets';
import { round } from '../lib/evaluation/metrics';
import { type QueryRun, embedBase, measureQueries } from '../lib/evaluation/query-bench';
import { readBase } from '../lib/evaluation/query-corpus';
import type { Backend } from '../lib/vector-index/generations';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';

// npm run bench:query -- [--chunks 10000,100000,1000000] [--backend embedded|qdrant|both] [--index-dir DIR] [--json]
// --index-dir keeps each embedded index in DIR/<chunks> and measures a kept one again without rebuilding it
// (a 1M-chunk build takes over an hour here).
// Each corpus size and backend runs in its own process, so its peak memory is its own.

const DEFAULT_DATASET = '../shared/datasets/scifact';
const DEFAULT_CHUNKS = '10000,100000';
const ms = (seconds: number) => round(seconds * 1000, 1);

async function runOne(spec: string, baseFile: string, dataDir: string): Promise<QueryRun> {
  const [backend, chunks] = spec.split(':') as [Backend, string];
  const { base, queries } = readBase(baseFile);
  // A collection prefix of the run's own: a shared server's docent_1 may belong to someone, and the run drops what it built.
  const config = configWith({ DOCENT_DATA_DIR: dataDir, DOCENT_QDRANT_PREFIX: `docent_bench_query_${process.pid}` });
  let bar: ReturnType<typeof progressBar> | null = null;
  let stage = '';
  return measureQueries(config, backend, Number(chunks), base, queries, (done, total, next) => {
    if (next !== stage) {
      bar?.stop();
      bar = progressBar(`${backend} ${chunks}: ${next}`, total);
      stage = next;
    }
    bar?.update(done);
  }).finally(() => bar?.stop());
}

runMain(async () => {
  const { values } = parseCommandLine({
    chunks: { type: 'string', default: DEFAULT_CHUNKS },
    backend: { type: 'string', default: 'embedded' },
    dataset: { type: 'string', default: DEFAULT_DATASET },
    work: { type: 'string', default: path.join(os.tmpdir(), 'docent-bench-query') },
    'index-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    // Internal: one run in a child process.
    one: { type: 'string' },
    base: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (values.one) {
    printJson(await runOne(values.one, values.base!, values['data-dir']!));
    return 0;
  }
  const sizes = values.chunks.split(',').map((value) => Number(value.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 100)) throw new Error(`--chunks takes sizes of at least 100, comma-separated: ${values.chunks}`);
  if (!['embedded', 'qdrant', 'both'].includes(values.backend)) throw new Error(`--backend is embedded, qdrant or both, not ${values.backend}`);
  const backends: Backend[] = values.backend === 'both' ? ['embedded', 'qdrant'] : [values.backend as Backend];
  if (backends.includes('qdrant') && !configWith({}).qdrant) throw new Error('--backend qdrant needs QDRANT_URL (a running Qdrant server).');

  let baseFile: string;
  try {
    say(`Embedding the passages and queries of ${values.dataset} (once; cached in ${values.work}).`);
    const bar = progressBar('Embedding real passages', 1);
    baseFile = await embedBase(configWith({}), values.dataset, path.resolve(values.work), (done, total) => {
      bar.setTotal(total);
      bar.update(done);
    });
    bar.stop();
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const runs: QueryRun[] = [];
  const script = fileURLToPath(import.meta.url);
  for (const backend of backends) {
    for (const chunks of sizes) {
      const keep = backend === 'embedded' && values['index-dir'] !== undefined;
      const dataDir = keep
        ? path.resolve(values['index-dir']!, String(chunks))
        : fs.mkdtempSync(path.join(path.resolve(values.work), `run-${backend}-${chunks}-`));
      if (keep) fs.mkdirSync(dataDir, { recursive: true });
      const args = ['--import', 'tsx', script, '--one', `${backend}:${chunks}`, '--base', baseFile, '--data-dir', dataDir];
      const stdout = await new Promise<string>((resolve, reject) => {
        // stderr stays the terminal's, so the run's progress bars show.
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (data: Buffer) => (out += data.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`The ${backend} run with ${chunks} chunks exited with code ${code}.`))));
      });
      if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
      const run = JSON.parse(stdout.trim().split('\n').pop()!) as QueryRun;
      runs.push(run);
      say(
        `${backend} ${chunks} chunks: hybrid p50 ${ms(run.hybrid.p50_s)} ms, p95 ${ms(run.hybrid.p95_s)} ms, p99 ${ms(run.hybrid.p99_s)} ms; ` +
          `recall@10 ${run.recall_at_10}; ${run.index_mb ?? '-'} MB; build ${run.build_s} s; peak RSS ${run.peak_rss_mb} MB${run.lists ? `; ${run.lists} lists` : ''}; ` +
          `documents only p50 ${ms(run.hybrid_documents.p50_s)} ms, p95 ${ms(run.hybrid_documents.p95_s)} ms; ` +
          `with an asker's spaces p50 ${ms(run.hybrid_spaces.p50_s)} ms, p95 ${ms(run.hybrid_spaces.p95_s)} ms (${run.spaces_p95_ratio}× at p95)`,
      );
    }
  }
  const result = {
    runs,
    corpus: 'SciFact passages with their real embeddings, then chunks blending two passages (text and vector, 3:1); lib/evaluation/query-corpus.ts',
    queries: 'SciFact test claims, real query vectors; latency excludes embedding the query',
  };
  // The default sizes keep the file name the docs cite; other sizes get their own file.
  const sizesTag = values.chunks === DEFAULT_CHUNKS ? '' : `-${sizes.join('-')}`;
  const file = writeResult(`bench-query-${backends.join('-')}${sizesTag}`, result);
  say(`Wrote ${file}`);
  if (values.json) printJson(result);
  return 0;
});

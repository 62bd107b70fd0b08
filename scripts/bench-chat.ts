import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { configWith } from '../lib/config';
import { embedBase, prefillServing } from '../lib/evaluation/query-bench';
import { readBase } from '../lib/evaluation/query-corpus';
import { percentile } from '../lib/status';
import { UsageError } from '../lib/errors';
import { type RunningApp, processTreeMemory, processTreeRss, startApp } from './app-process';
import { type ChatSample, askChat, signIn, statusDocuments, waitUntil } from './chat-client';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { updateReliabilityReport } from './reliability-report';
import { writeResult } from './results';

// `npm run bench:chat -- [--quick] [--users 50] [--duration 60] [--extra-chunks N] [--json] [--results-dir DIR]`: simulated users ask
// the sample questions through the web API of `npm start` (offline default), first with chat
// alone, then while documents are being ingested. Each user asks, reads the whole streamed
// answer and asks again at once (no think time): the load is as heavy as 50 people can make it.

const BASE_DATASET = '../shared/datasets/scifact';
const ADMIN = { email: 'bench@docent.example', password: 'bench password 123' };
const QUESTIONS = z
  .object({ questions: z.array(z.string().min(1)).min(1) })
  .parse(JSON.parse(fs.readFileSync(path.resolve('examples/questions.json'), 'utf8'))).questions;

interface PhaseLoad {
  samples: ChatSample[];
  errors: string[];
  durationS: number;
}

const round = (value: number | null, digits = 3) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** `users` simulated users asking in a loop until `durationS` has passed. */
async function chatLoad(url: string, users: number, durationS: number, onProgress: (elapsedS: number) => void): Promise<PhaseLoad> {
  const samples: ChatSample[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const ticker = setInterval(() => onProgress((performance.now() - started) / 1000), 500);
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      for (let turn = 0; performance.now() < deadline; turn += 1) {
        const question = QUESTIONS[(user * 7 + turn) % QUESTIONS.length]!;
        try {
          samples.push(await askChat(url, question));
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  clearInterval(ticker);
  return { samples, errors, durationS: (performance.now() - started) / 1000 };
}

function summarize(load: PhaseLoad) {
  const first = load.samples.map((sample) => sample.firstTextS);
  const complete = load.samples.map((sample) => sample.completeS);
  const outcomes: Record<string, number> = {};
  for (const sample of load.samples) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
  return {
    requests: load.samples.length + load.errors.length,
    requests_per_s: round(load.samples.length / load.durationS, 2),
    first_text_p50_s: round(percentile(first, 50)),
    first_text_p95_s: round(percentile(first, 95)),
    first_text_p99_s: round(percentile(first, 99)),
    complete_p50_s: round(percentile(complete, 50)),
    complete_p95_s: round(percentile(complete, 95)),
    complete_p99_s: round(percentile(complete, 99)),
    errors: load.errors.length,
    error_examples: [...new Set(load.errors)].slice(0, 5),
    outcomes,
  };
}

function newDocument(index: number): string {
  const topics = ['kiln maintenance', 'warehouse shifts', 'supplier returns', 'customer warranty', 'canteen menu', 'bicycle parking'];
  const topic = topics[index % topics.length]!;
  return (
    `# Notice ${index}: ${topic}\n\n` +
    `## Summary\n\nNotice number ${index} explains the ${topic} arrangements for the lantern workshop in week ${(index % 52) + 1}. ` +
    `Questions about notice ${index} go to the facilities desk.\n\n## Details\n\n` +
    `The ${topic} rota for notice ${index} starts at ${7 + (index % 4)}:00 and ends at ${15 + (index % 4)}:30. ` +
    'Teams sign the sheet at reception, and changes are announced on the notice board by Thursday noon.\n'
  );
}

/** Fills a new data directory's index with `chunks` chunks grown from SciFact (embedded once, cached like bench:query's). */
async function prefill(dataDir: string, chunks: number): Promise<void> {
  const config = configWith({ DOCENT_DATA_DIR: dataDir });
  say(`Putting ${chunks} chunks grown from ${BASE_DATASET} into the index first...`);
  const file = await embedBase(config, BASE_DATASET, path.join(os.tmpdir(), 'docent-bench-query'), () => {});
  const bar = progressBar('Prefilling the index', chunks);
  await prefillServing(config, readBase(file).base, chunks, (done) => bar.update(done));
  bar.stop();
}

runMain(async () => {
  const { values } = parseCommandLine({
    quick: { type: 'boolean', default: false },
    users: { type: 'string' },
    duration: { type: 'string' },
    // How long the app rests after indexing, before its memory at rest is read (the test suite's smoke run: 0).
    rest: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
    'results-dir': { type: 'string' },
    // Chunks of the query benchmark's corpus (SciFact-grown, lib/evaluation/query-corpus.ts) put in the index first.
    'extra-chunks': { type: 'string', default: '0' },
    // Settings for the app under test (`--app-env DOCENT_EMBEDDED_SEARCH_THREAD=0`): it starts with a clean
    // environment, so variables set on this command do not reach it.
    'app-env': { type: 'string', multiple: true, default: [] },
  });
  const appEnv = Object.fromEntries(
    values['app-env'].map((pair) => {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
      if (!match) throw new UsageError(`--app-env takes NAME=value, not "${pair}".`);
      return [match[1]!, match[2]!];
    }),
  );
  const extraChunks = Number(values['extra-chunks']);
  const users = Number(values.users ?? 50);
  const durationS = Number(values.duration ?? (values.quick ? 10 : 60));
  const restS = Number(values.rest);
  if (!Number.isInteger(users) || users < 1 || !(durationS > 0) || !(restS >= 0))
    throw new UsageError(
      'usage: npm run bench:chat -- [--quick] [--users N] [--duration SECONDS] [--rest SECONDS] [--extra-chunks N] [--app-env NAME=value …] [--json] [--results-dir DIR]',
    );
  const ingestDocuments = Math.max(5, Math.round(durationS));

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-chat-'));
  const watchDir = path.join(workspace, 'knowledge');
  let app: RunningApp | null = null;
  let peakRss = 0;
  const peakByProcess = new Map<string, number>();
  let sampler: NodeJS.Timeout | null = null;
  try {
    if (extraChunks > 0) await prefill(path.join(workspace, 'data'), extraChunks);
    say('Starting npm start on the sample documents (offline default)...');
    app = await startApp({
      dataDir: path.join(workspace, 'data'),
      watchDir,
      env: { ...appEnv, DOCENT_ADMIN_EMAIL: ADMIN.email, DOCENT_ADMIN_PASSWORD: ADMIN.password },
    });
    const running = app;
    const cookie = await signIn(running.url, ADMIN);
    await waitUntil(
      async () => (await statusDocuments(running.url, cookie)).filter((doc) => doc.status === 'indexed').length >= 7,
      180,
      'the sample documents',
    );
    // Before any question: the ingestion threads retire after 10 s without work (DOCENT_WORKER_IDLE_S) but for one
    // embedding thread kept warm (DOCENT_EMBED_WARM_S), and the web server loads its model only when someone is about
    // to ask; after the default 12 s rest this is what an index of this size costs at rest.
    await new Promise((resolve) => setTimeout(resolve, restS * 1000));
    const beforeQuestions = processTreeMemory(running.pid);
    const rssSamples: number[] = [];
    sampler = setInterval(() => {
      const processes = processTreeMemory(running.pid);
      const rss = processes.reduce((sum, process) => sum + process.rss, 0);
      rssSamples.push(rss);
      peakRss = Math.max(peakRss, rss);
      for (const process of processes) peakByProcess.set(process.name, Math.max(peakByProcess.get(process.name) ?? 0, process.rss));
    }, 500);
    // Warm-up: the first burst embeds (and caches) the sentences of the passages the extractive
    // answerer quotes, 7 to 9 s for 50 questions at once; steady state is what is measured.
    for (const question of QUESTIONS.slice(0, 3)) await askChat(running.url, question);
    const warmStarted = performance.now();
    await Promise.all(Array.from({ length: users }, (_, user) => askChat(running.url, QUESTIONS[user % QUESTIONS.length]!)));
    const warmUpBurstS = (performance.now() - warmStarted) / 1000;
    // Idle: after the burst has settled (collected garbage, finished background writes).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRss = processTreeRss(running.pid);
    rssSamples.length = 0;

    const bar = progressBar('Chat load', durationS * 2);
    say(`Phase 1: ${users} users asking for ${durationS} s`);
    const chatOnly = await chatLoad(running.url, users, durationS, (elapsed) => bar.update(Math.min(durationS, Math.round(elapsed)), 'chat'));
    const chatOnlyRss = Math.max(...rssSamples);

    say(`Phase 2: ${users} users asking for ${durationS} s while ${ingestDocuments} documents arrive`);
    const written: string[] = [];
    const writer = (async () => {
      const interval = (durationS * 1000) / ingestDocuments;
      for (let index = 0; index < ingestDocuments; index += 1) {
        const relative = `notices/notice-${index}.md`;
        fs.mkdirSync(path.join(watchDir, 'notices'), { recursive: true });
        fs.writeFileSync(path.join(watchDir, relative), newDocument(index));
        written.push(relative);
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    })();
    const withIngest = await chatLoad(running.url, users, durationS, (elapsed) =>
      bar.update(durationS + Math.min(durationS, Math.round(elapsed)), 'chat + ingest'),
    );
    await writer;
    bar.stop();
    await waitUntil(
      async () => {
        const docs = await statusDocuments(running.url, cookie);
        return written.every((file) => docs.some((doc) => doc.path === file && doc.status === 'indexed'));
      },
      300,
      'the documents written under load to be indexed',
    );
    const docs = await statusDocuments(running.url, cookie);
    const lags = written.map((file) => docs.find((doc) => doc.path === file)!.lag_s ?? Number.NaN).filter((lag) => Number.isFinite(lag));

    const result = {
      benchmark: 'chat',
      mode: values.quick ? 'quick' : 'full',
      users,
      phase_duration_s: durationS,
      rest_before_questions_s: restS,
      think_time_s: 0,
      questions: QUESTIONS.length,
      backend: 'embedded',
      embedder: 'local (USE-lite)',
      answerer: 'extractive (no LLM configured)',
      warm_up_burst_s: round(warmUpBurstS, 2),
      chat: summarize(chatOnly),
      chat_while_ingesting: {
        ...summarize(withIngest),
        ingest: {
          documents: written.length,
          indexed: lags.length,
          freshness_p50_s: round(percentile(lags, 50)),
          freshness_p95_s: round(percentile(lags, 95)),
          freshness_max_s: round(Math.max(...lags)),
        },
      },
      rss_before_questions_by_process_mb: Object.fromEntries(beforeQuestions.map((process) => [process.name, Math.round(process.rss / 1048576)])),
      rss_idle_mb: Math.round(idleRss / 1048576),
      rss_peak_chat_mb: Math.round(chatOnlyRss / 1048576),
      rss_peak_mb: Math.round(peakRss / 1048576),
      rss_peak_by_process_mb: Object.fromEntries([...peakByProcess].map(([name, rss]) => [name, Math.round(rss / 1048576)])),
      extra_chunks: extraChunks,
      app_env: appEnv,
      // What the server logged about failed requests: an `error` event's text says only "something went wrong".
      server_errors: app
        .output()
        .split('\n')
        .filter((line) => /answer workflow failed|unexpected error/.test(line))
        .slice(0, 5),
    };
    const file = writeResult(
      `${values.quick ? 'bench-chat-quick' : 'bench-chat'}${extraChunks ? `-${extraChunks}-chunks` : ''}`,
      result,
      values['results-dir'] ? path.resolve(values['results-dir']) : undefined,
    );
    const line = (name: string, phase: ReturnType<typeof summarize>) =>
      `${name}: ${phase.requests} requests, ${phase.requests_per_s} req/s, first text p50/p95/p99 ${phase.first_text_p50_s}/${phase.first_text_p95_s}/${phase.first_text_p99_s} s, ` +
      `complete p50/p95/p99 ${phase.complete_p50_s}/${phase.complete_p95_s}/${phase.complete_p99_s} s, errors ${phase.errors}`;
    say(line('chat', result.chat));
    say(line('chat while ingesting', result.chat_while_ingesting));
    say(
      `ingest under load: ${lags.length}/${written.length} indexed, freshness p50 ${result.chat_while_ingesting.ingest.freshness_p50_s} s, p95 ${result.chat_while_ingesting.ingest.freshness_p95_s} s`,
    );
    const before = Object.entries(result.rss_before_questions_by_process_mb).map(([name, mb]) => `${name} ${mb} MB`);
    say(
      `memory (npm start and its web server): before any question ${before.join(', ')}; idle ${result.rss_idle_mb} MB, peak ${result.rss_peak_mb} MB. Wrote ${file}`,
    );
    if (!values.quick && !values['results-dir'] && !extraChunks) say(`Updated ${updateReliabilityReport()}`);
    if (values.json) printJson(result);
    return result.chat.errors + result.chat_while_ingesting.errors === 0 ? 0 : 1;
  } finally {
    if (sampler) clearInterval(sampler);
    await app?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

import fs from 'node:fs';
import path from 'node:path';
import { Assistant } from '../../lib/answer/assistant';
import { OpenAIChatModel } from '../../lib/answer/llm';
import { configWith, loadConfig } from '../../lib/config';
import { openServices } from '../../lib/services';
import { buildStatusReport } from '../../lib/status';
import { openIndex } from '../../lib/vector-index/open-index';
import { DocentMetrics } from '../../lib/web/metrics';
import { startWatcher } from '../../ingest/watcher';
import { OpenAIDouble } from '../helpers/openai-double';
import { QdrantDouble } from '../helpers/qdrant-double';
import { OutageProxy } from './outage-proxy';
import { random, until, workspace, writeDocument } from './workspace';
import { SYSTEM } from '../../lib/spaces/principals';

/**
 * Vector store outage: with the Qdrant backend, Qdrant refuses connections for `outageMs` while
 * documents arrive and a question is asked. Ingestion must wait with backoff and report the
 * outage (status, metrics), chat must say search is unavailable and keep the question, and
 * everything must complete when Qdrant returns. Against the HTTP double by default; with QDRANT_URL
 * set, against that server through a proxy that refuses connections for the outage (the server
 * itself keeps running), in a collection of the run's own that is dropped at the end.
 */
export async function qdrantOutageTest(options: { outageMs: number; documents: number; log?: (message: string) => void }) {
  const log = options.log ?? (() => undefined);
  const space = workspace('docent-outage-');
  const server = loadConfig().qdrant;
  const qdrant = server ? await new OutageProxy(server.url).start() : await new QdrantDouble().start();
  // A collection prefix of the run's own: on a shared server, docent_1 may belong to someone.
  const prefix = `docent_fault_outage_${process.pid}_${Date.now().toString(36)}`;
  const config = configWith({
    DOCENT_DATA_DIR: space.data,
    QDRANT_URL: qdrant.url,
    DOCENT_QDRANT_PREFIX: prefix,
    DOCENT_RENAME_GRACE_MS: '300',
    DOCENT_WATCH_STABILITY_MS: '200',
    DOCENT_JOB_MAX_BACKOFF_S: '30',
  });
  if (server) log(`Qdrant at ${server.url} (through ${qdrant.url}), collections ${prefix}_<n>`);
  const services = await openServices(config);
  const metrics = new DocentMetrics(() => services);
  const assistant = new Assistant(services, { chatModel: null });
  const events: string[] = [];
  const watcher = await startWatcher(services, [space.kb], (message) => {
    events.push(message);
    log(message);
  });
  const next = random(42);
  const total = () => services.registry.list({ status: 'indexed' }).length;
  try {
    for (let index = 0; index < options.documents; index += 1) await writeDocument(space.kb, index, 0, next);
    await until(() => total() === options.documents, 120_000, 'the first documents');

    await qdrant.stop();
    const outageStarted = performance.now();
    log(`Qdrant refuses connections for ${options.outageMs / 1000} s`);
    const during = Math.max(3, Math.round(options.documents / 4));
    for (let index = options.documents; index < options.documents + during; index += 1) await writeDocument(space.kb, index, 0, next);
    await writeDocument(space.kb, 0, 1, next);
    const deleted = fs.readdirSync(path.join(space.kb, 'part-1')).find((name) => name.startsWith('doc-1.'))!;
    fs.rmSync(path.join(space.kb, 'part-1', deleted));
    const chat = await assistant.askToCompletion({ viewer: SYSTEM, question: 'Which lantern parts are made of brass?' });
    await until(() => services.jobs.summary().failing > 0, 60_000, 'the waiting documents to fail over');
    const status = buildStatusReport(services, process.pid, await services.index.health());
    const scraped = await metrics.registry.metrics();
    const failingMetric = Number(/docent_ingest_failing_jobs (\d+)/.exec(scraped)?.[1] ?? 0);
    const remaining = options.outageMs - (performance.now() - outageStarted);
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));

    await qdrant.restart();
    const returned = performance.now();
    // The checks during the outage can make it last longer than asked: report what it was.
    const outageS = (returned - outageStarted) / 1000;
    log('Qdrant is back');
    const expected = options.documents + during - 1;
    await until(() => services.jobs.pending().length === 0 && total() === expected, 180_000, 'ingestion to complete after Qdrant returned');
    const caughtUpS = (performance.now() - returned) / 1000;
    const escalation = chat.outcome.escalationId ? assistant.escalations.get(chat.outcome.escalationId) : null;
    let pointsMismatched = 0;
    for (const doc of services.registry.list({ status: 'indexed' })) {
      if ((await services.index.count({ docIds: [doc.id] })) !== doc.chunkCount) pointsMismatched += 1;
    }
    const deletedDoc = services.registry.list({ status: 'deleted' });
    const deletedPoints = deletedDoc.length ? await services.index.count({ docIds: deletedDoc.map((doc) => doc.id) }) : 0;
    return {
      qdrant: server ? `real server at ${server.url}` : 'HTTP double',
      outage_s: Math.round(outageS * 10) / 10,
      documents_before: options.documents,
      changes_during_outage: { added: during, edited: 1, deleted: 1 },
      during_outage: {
        status_index_ok: status.index?.ok ?? null,
        status_detail: status.index?.detail ?? null,
        pending: status.totals.pending,
        failing_jobs_metric: failingMetric,
        chat_outcome: chat.outcome.outcome,
        chat_reason: chat.outcome.reason,
        chat_text: chat.outcome.text,
        question_recorded: escalation?.status === 'open',
        outage_reported: events.some((line) => line.includes('OUTAGE')),
      },
      caught_up_s: Math.round(caughtUpS * 10) / 10,
      indexed: total(),
      expected_indexed: expected,
      documents_lost: expected - total(),
      point_count_mismatches: pointsMismatched,
      points_of_deleted_documents: deletedPoints,
      recovery_reported: events.some((line) => line.includes('answers again')),
    };
  } finally {
    watcher.stop();
    await watcher.done;
    assistant.close();
    // Straight to the server, not through the proxy, which may be cut if the test failed mid-outage.
    const direct = server ? configWith({ DOCENT_DATA_DIR: space.data, QDRANT_URL: server.url }) : null;
    if (direct) await (await openIndex(direct, services.db, services.generation)).drop().catch(() => undefined);
    await services.close();
    await qdrant.stop();
    space.remove();
  }
}

/**
 * LLM outage or timeout: the model does not answer within DOCENT_LLM_TIMEOUT_S (or refuses
 * connections). The question must be escalated with "model_unavailable" within the timeout, the
 * asker told, and the escalation be in the queue.
 */
export async function llmOutageTest(options: { timeoutS: number }) {
  const space = workspace('docent-llm-');
  fs.cpSync(path.resolve('examples/handbook'), path.join(space.kb, 'handbook'), { recursive: true });
  const double = await new OpenAIDouble().start();
  double.delayMs = options.timeoutS * 1000 * 3;
  const config = configWith({ DOCENT_DATA_DIR: space.data, DOCENT_LLM_TIMEOUT_S: String(options.timeoutS) });
  const services = await openServices(config);
  const watcher = await startWatcher(services, [space.kb], () => undefined);
  try {
    await until(() => services.registry.list({ status: 'indexed' }).length >= 7, 120_000, 'the sample documents');
    // Warm, as a server is once someone has asked: the timed questions measure the model's timeout, not the embedding
    // thread's load and the scope examples' embedding (shared by the scheduler), which added 1.2 s under CI's load.
    const warm = new Assistant(services, { chatModel: null });
    try {
      await warm.askToCompletion({ viewer: SYSTEM, question: 'How do I request time off?' });
    } finally {
      warm.close();
    }
    const results: Record<string, unknown> = {};
    for (const [name, baseUrl] of [
      ['slow', double.baseUrl],
      ['down', 'http://127.0.0.1:9/v1'],
    ] as const) {
      const model = new OpenAIChatModel({ model: 'unavailable', baseUrl, apiKey: 'test', timeoutMs: options.timeoutS * 1000 });
      const assistant = new Assistant(services, { chatModel: model });
      try {
        const started = performance.now();
        const { outcome } = await assistant.askToCompletion({ viewer: SYSTEM, question: 'How many vacation days do I get per year?' });
        const seconds = (performance.now() - started) / 1000;
        const escalation = outcome.escalationId ? assistant.escalations.get(outcome.escalationId) : null;
        results[name] = {
          escalated_after_s: Math.round(seconds * 100) / 100,
          // One timeout and the rest of the workflow; waiting for the model twice would exceed it.
          within_timeout: seconds < options.timeoutS * 1.5,
          outcome: outcome.outcome,
          reason: outcome.reason,
          user_sees: outcome.text,
          in_queue: escalation?.status === 'open',
        };
      } finally {
        assistant.close();
      }
    }
    return { timeout_s: options.timeoutS, ...results };
  } finally {
    watcher.stop();
    await watcher.done;
    await services.close();
    await double.stop();
    space.remove();
  }
}

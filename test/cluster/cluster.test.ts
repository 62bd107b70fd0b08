import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../lib/answer/assistant';
import { configWith } from '../../lib/config';
import { type Services, openServices } from '../../lib/services';
import { type WatcherHandle, startWatcher } from '../../ingest/watcher';
import { workspace, writeDocument, random } from '../faults/workspace';
import { QdrantCluster, until } from './qdrant-cluster';
import { auditPoints, chatLoad, chatQuestions, recordIndexErrors } from './workload';
import { round } from '../../lib/evaluation/metrics';
import { SYSTEM } from '../../lib/spaces/principals';

// `QDRANT_BIN=/path/to/qdrant npm run test:cluster`: Docent against three real Qdrant processes
// (distributed mode, 6 shards, replication factor 2). One node is SIGKILLed while documents are
// ingested, another while users chat; each comes back on its own storage. Not part of npm test or
// test:full (CI has no Qdrant binary). Figures: docs/results/cluster-qdrant.json.

const binary = process.env.QDRANT_BIN;
const BASE_PORT = 6610; // node k: 6610 + 10k (HTTP), +1 (gRPC), +2 (P2P)
const DOCUMENTS = 300;
const SHARDS = 6;
const REPLICATION = 2;
const CHAT_USERS = 8;
// The chat load: node 2 is killed after KILL_AFTER_MS, restarted DOWN_MS later, and the load
// runs AFTER_MS past its catch-up.
const KILL_AFTER_MS = 6_000;
const DOWN_MS = 6_000;
const AFTER_MS = 6_000;

const log = (message: string) => process.stderr.write(`  ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: QdrantCluster | null = null;
let space: ReturnType<typeof workspace> | null = null;
let services: Services | null = null;
let watcher: WatcherHandle | null = null;
let assistant: Assistant | null = null;

afterAll(async () => {
  if (watcher) {
    watcher.stop();
    await watcher.done.catch(() => undefined);
  }
  assistant?.close();
  await services?.close().catch(() => undefined);
  await cluster?.stop();
  space?.remove();
});

describe('Qdrant cluster: 3 nodes, replication factor 2, one node SIGKILLed at a time', () => {
  it('loses no points while ingesting, fails no chat request, and the killed node catches up', async () => {
    if (!binary) {
      throw new Error(
        'The cluster test needs a Qdrant server binary: set QDRANT_BIN to its path, e.g. ' +
          '`QDRANT_BIN=/opt/qdrant/bin/qdrant-1.18.3 npm run test:cluster` (Qdrant 1.12 or later).',
      );
    }
    if (!fs.existsSync(binary)) throw new Error(`QDRANT_BIN=${binary}: no such file.`);
    space = workspace('docent-cluster-');
    const started = performance.now();
    cluster = new QdrantCluster(binary, path.join(space.root, 'qdrant'), BASE_PORT);
    await cluster.start();
    const version = ((await (await fetch(cluster.bootstrap.url)).json()) as { version: string }).version;
    log(`Qdrant ${version}: ${cluster.nodes.map((node) => `${node.name} ${node.url}`).join(', ')}`);
    const second = cluster.nodes[1]!;
    const third = cluster.nodes[2]!;

    const config = configWith({
      DOCENT_DATA_DIR: space.data,
      QDRANT_URL: cluster.bootstrap.url,
      DOCENT_QDRANT_SHARDS: String(SHARDS),
      DOCENT_QDRANT_REPLICATION: String(REPLICATION),
      DOCENT_WATCH_STABILITY_MS: '200',
      DOCENT_RENAME_GRACE_MS: '300',
      DOCENT_JOB_MAX_BACKOFF_S: '5',
    });
    const next = random(23);
    for (let index = 0; index < DOCUMENTS; index += 1) await writeDocument(space.kb, index, 0, next);

    // 1. Ingest through the real pipeline; SIGKILL node 3 when a third of the documents are in.
    services = await openServices(config);
    const open = services;
    const collection = open.generation.name;
    const indexed = () => open.registry.list({ status: 'indexed' }).length;
    const ingestStarted = performance.now();
    // What the pipeline reported going wrong (failed writes it retries, outages): shown, and counted.
    const ingestProblems: string[] = [];
    watcher = await startWatcher(open, [space.kb], (message) => {
      if (!/OUTAGE|docent:|answers again/.test(message)) return;
      ingestProblems.push(message);
      log(message);
    });
    await until(async () => indexed() >= DOCUMENTS / 3, 600_000, 'a third of the documents', 50);
    const killedAfter = indexed();
    // Killing a node that holds no replica would prove nothing.
    const replicasOnThird = (await cluster.replicas(collection)).filter((replica) => replica.peer === third.peerId).length;
    await third.kill();
    log(`SIGKILLed ${third.name} after ${killedAfter} of ${DOCUMENTS} documents`);
    await until(async () => indexed() === DOCUMENTS && open.jobs.pending().length === 0, 900_000, 'every document indexed', 250);
    const ingestS = (performance.now() - ingestStarted) / 1000;
    watcher.stop();
    await watcher.done;
    watcher = null;
    const description = (await (await fetch(`${cluster.bootstrap.url}/collections/${collection}`)).json()) as {
      result: { config: { params: { shard_number: number; replication_factor: number; write_consistency_factor: number } } };
    };
    const params = description.result.config.params;
    const duringOutage = await auditPoints(open, config, space.kb);
    log(`with ${third.name} down: ${JSON.stringify(duringOutage)}`);

    // 2. Node 3 comes back on its storage: the time until every replica is Active again.
    const restarted = performance.now();
    await third.start();
    const readyIngestS = (performance.now() - restarted) / 1000;
    await cluster.waitAllActive(collection, SHARDS * REPLICATION);
    const catchUpIngestS = (performance.now() - restarted) / 1000;
    log(`${third.name} answered /readyz after ${round(readyIngestS, 2)} s, caught up in ${round(catchUpIngestS, 2)} s`);

    // 3. Chat load; node 2 is SIGKILLed while it runs, restarted while it still runs (a restarting
    // node briefly answers for replicas it has not loaded yet), and the load goes on after.
    assistant = new Assistant(open, { chatModel: null });
    const questions = chatQuestions(40, 5);
    for (const question of questions.slice(0, 3)) await assistant.askToCompletion({ viewer: SYSTEM, question });
    const stopChat = new AbortController();
    const chatStarted = performance.now();
    const indexErrors = recordIndexErrors(open.index, chatStarted);
    const load = chatLoad(assistant, { users: CHAT_USERS, questions, signal: stopChat.signal });
    const chatAt = () => round((performance.now() - chatStarted) / 1000, 1);
    await sleep(KILL_AFTER_MS);
    await second.kill();
    log(`SIGKILLed ${second.name} ${chatAt()} s into the chat load`);
    await sleep(DOWN_MS);
    const restartedAtS = chatAt();
    const restartedChat = performance.now();
    await second.start();
    const readyChatS = (performance.now() - restartedChat) / 1000;
    await cluster.waitAllActive(collection, SHARDS * REPLICATION);
    const catchUpChatS = (performance.now() - restartedChat) / 1000;
    log(`${second.name} restarted ${restartedAtS} s into the chat load, caught up in ${round(catchUpChatS, 2)} s`);
    await sleep(AFTER_MS);
    stopChat.abort();
    const chat = await load;
    log(`chat: ${JSON.stringify(chat)}`);

    // 4. Everything back: the same points, and every replica of a shard holds the same number.
    const after = await auditPoints(open, config, space.kb);
    const replicaMismatches = await until(
      async () => {
        const found = await cluster!.replicaCountMismatches(collection);
        return found.length === 0 ? found : null;
      },
      60_000,
      'every replica of each shard to hold the same number of points',
      500,
    ).catch(async () => cluster!.replicaCountMismatches(collection));

    const figures = {
      lost_points: duringOutage.lost_points + after.lost_points,
      failed_requests: chat.failed_requests,
      requests_per_s: chat.requests_per_s,
      catch_up_s: round(catchUpIngestS, 2),
      qdrant: version,
      nodes: cluster.nodes.length,
      shards: params.shard_number,
      replication_factor: params.replication_factor,
      write_consistency_factor: params.write_consistency_factor,
      documents: DOCUMENTS,
      chunks: after.points,
      ingest: {
        killed: third.name,
        replicas_on_killed_node: replicasOnThird,
        killed_after_documents: killedAfter,
        duration_s: round(ingestS, 1),
        problems_reported: ingestProblems.length,
        problem_examples: ingestProblems.slice(0, 5),
        with_node_down: duringOutage,
        ready_s: round(readyIngestS, 2),
        catch_up_s: round(catchUpIngestS, 2),
      },
      chat: {
        killed: second.name,
        killed_after_s: KILL_AFTER_MS / 1000,
        restarted_after_s: restartedAtS,
        ...chat,
        index_errors: indexErrors.slice(0, 10),
        ready_s: round(readyChatS, 2),
        catch_up_s: round(catchUpChatS, 2),
      },
      after_both_restarts: after,
      replica_count_mismatches: replicaMismatches,
      duration_s: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    const record = {
      test: 'cluster-qdrant',
      ...figures,
      measured_at: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        cpu: os.cpus()[0]?.model ?? 'unknown',
        memory_gb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      command: `QDRANT_BIN=${binary} npm run test:cluster`,
    };
    fs.mkdirSync(path.resolve('docs', 'results'), { recursive: true });
    fs.writeFileSync(path.resolve('docs', 'results', 'cluster-qdrant.json'), `${JSON.stringify(record, null, 2)}\n`);

    expect(params).toMatchObject({ shard_number: SHARDS, replication_factor: REPLICATION });
    expect(replicasOnThird).toBeGreaterThan(0);
    for (const audit of [duringOutage, after]) {
      expect(audit).toMatchObject({ files: DOCUMENTS, indexed: DOCUMENTS, lost_points: 0, unexpected_points: 0, registry_mismatches: 0 });
      expect(audit.points).toBe(audit.registry_chunks);
    }
    expect({ failed: chat.error_examples, index_errors: indexErrors }).toEqual({ failed: [], index_errors: [] });
    expect(chat.failed_requests).toBe(0);
    expect(chat.requests).toBeGreaterThan(CHAT_USERS);
    expect(replicaMismatches).toEqual([]);
  });
});

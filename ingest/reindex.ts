import fs from 'node:fs';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { createEmbedder } from '../lib/embedder/create-embedder';
import { identityKey } from '../lib/embedder/types';
import { DocentError } from '../lib/errors';
import { JobQueue } from '../lib/jobs';
import { type GenerationHandle, openGeneration } from '../lib/services';
import {
  type Generation,
  activateGeneration,
  createGeneration,
  getGeneration,
  listGenerations,
  servingGeneration,
  setGenerationState,
} from '../lib/vector-index/generations';
import { dropGeneration, generationNamer } from '../lib/vector-index/open-index';
import { extractFile } from './extract';
import { ExtractionSandbox } from './extract-sandbox';
import { loadPasswords } from './passwords';
import { type Extractor, type JobResult, Pipeline } from './pipeline';

export class ReindexError extends DocentError {
  constructor(message: string) {
    super('reindex_failed', message);
  }
}

export interface ReindexPlan {
  serving: { generation: string; embedder: string; documents: number } | null;
  target_embedder: string;
  embedder_changes: boolean;
  roots: string[];
  missing_roots: string[];
}

export interface GateOutcome {
  passed: boolean;
  summary: string;
  details?: Record<string, unknown>;
}

export interface ReindexHooks {
  log?: (message: string) => void;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Extra content to build into the new generation (curated answers). */
  afterBuild?: (handle: GenerationHandle) => Promise<void>;
  /** Compares the new generation with the serving one; a failure leaves the serving one in place. */
  gate?: (candidate: GenerationHandle, serving: GenerationHandle | null) => Promise<GateOutcome>;
}

export interface ReindexResult {
  action: 'reindex' | 'rollback' | 'dry-run';
  generation: string | null;
  previous: string | null;
  swapped: boolean;
  gate: GateOutcome | null;
  outcomes: Record<string, number>;
  duration_s: number;
  plan?: ReindexPlan;
  reason?: string;
}

/** Roots whose documents the serving generation holds. */
function servingRoots(db: Db, serving: Generation | null): string[] {
  if (!serving) return (db.prepare('select root from roots order by root').all() as { root: string }[]).map((row) => row.root);
  return (
    db.prepare("select distinct root from documents where generation = ? and status != 'deleted' order by root").all(serving.name) as { root: string }[]
  ).map((row) => row.root);
}

export async function planReindex(config: Config, db: Db): Promise<ReindexPlan> {
  const serving = servingGeneration(db);
  const embedder = await createEmbedder(config, { threads: 0 });
  const target = identityKey(embedder.identity);
  await embedder.close();
  const roots = servingRoots(db, serving);
  const documents = serving
    ? (db.prepare("select count(*) as n from documents where generation = ? and status != 'deleted'").get(serving.name) as { n: number }).n
    : 0;
  return {
    serving: serving ? { generation: serving.name, embedder: identityKey(serving.embedder), documents } : null,
    target_embedder: target,
    embedder_changes: serving ? identityKey(serving.embedder) !== target : false,
    roots,
    missing_roots: roots.filter((root) => !fs.existsSync(root)),
  };
}

/** Generations abandoned by a reindex that crashed or was interrupted are removed. */
async function removeAbandoned(config: Config, db: Db, log: (message: string) => void): Promise<void> {
  for (const generation of listGenerations(db)) {
    if (generation.state !== 'building') continue;
    if (Pipeline.lockOwner(db, generation.name) !== null) throw new ReindexError(`Another reindex (building ${generation.name}) is running.`);
    await dropGeneration(config, db, generation);
    new JobQueue(db, generation.name).clear();
    setGenerationState(db, generation.name, 'failed', 'abandoned (interrupted or crashed while building)');
    log(`Removed the unfinished generation ${generation.name}.`);
  }
}

/** Keeps the serving and the previous generation; anything older is dropped. */
async function retireOld(config: Config, db: Db): Promise<void> {
  for (const generation of listGenerations(db)) {
    if (generation.state === 'retired') await dropGeneration(config, db, generation);
  }
}

/**
 * After a switch, the live queue is reconciled against the now-serving generation: changes made
 * while it was being built (or since it last served, after a rollback) are enqueued. A running
 * watcher does this itself when it notices the switch; otherwise this process does it.
 */
async function catchUp(config: Config, db: Db, extractor: Extractor, log: (message: string) => void): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  const serving = servingGeneration(db)!;
  if (Pipeline.lockOwner(db) !== null) {
    log('The running watcher will pick up changes made during the switch.');
    return outcomes;
  }
  const handle = await openGeneration(config, db, serving);
  try {
    const pipeline = new Pipeline({ config, db, target: { ...handle, jobs: new JobQueue(db) }, extractor, passwordsFor: loadPasswords(config.passwordsPath) });
    pipeline.acquireLock();
    try {
      for (const root of servingRoots(db, serving)) if (fs.existsSync(root)) await pipeline.reconcile(root);
      pipeline.on('job', (result) => {
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      });
      await pipeline.run('untilIdle');
    } finally {
      pipeline.releaseLock();
    }
  } finally {
    await handle.scheduler.close();
  }
  return outcomes;
}

export async function rollback(config: Config, db: Db, hooks: ReindexHooks = {}): Promise<ReindexResult> {
  const started = performance.now();
  const log = hooks.log ?? (() => undefined);
  const serving = servingGeneration(db);
  const previous = listGenerations(db).find((generation) => generation.state === 'previous');
  if (!previous) throw new ReindexError('There is no previous generation to roll back to.');
  activateGeneration(db, previous.name);
  log(`Generation ${previous.name} serves again (was ${serving?.name ?? 'none'}).`);
  const extractor = new ExtractionSandbox({
    workers: config.extraction.workers,
    timeoutMs: config.extraction.timeoutMs,
    memoryMb: config.extraction.workerMemoryMb,
  });
  try {
    const outcomes = await catchUp(config, db, extractor, log);
    return {
      action: 'rollback',
      generation: previous.name,
      previous: serving?.name ?? null,
      swapped: true,
      gate: null,
      outcomes,
      duration_s: (performance.now() - started) / 1000,
    };
  } finally {
    await extractor.close();
  }
}

/**
 * Builds a complete new generation from the watched files with the configured embedder while the
 * serving one keeps answering, runs the gate, and only then switches (one transaction). The
 * previous generation is kept for `--rollback`. Vectors are reused from the serving generation
 * when the embedder did not change, so a plain rebuild costs little embedding.
 */
export async function reindex(config: Config, db: Db, options: { force?: boolean; inProcessExtraction?: boolean } & ReindexHooks = {}): Promise<ReindexResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const plan = await planReindex(config, db);
  if (plan.missing_roots.length) {
    throw new ReindexError(
      `These watched folders are missing, so their documents would vanish from the new generation: ${plan.missing_roots.join(', ')}. Mount or restore them first.`,
    );
  }
  await removeAbandoned(config, db, log);
  const serving = servingGeneration(db);
  const servingHandle = serving ? await openGeneration(config, db, serving, { embedThreads: 0 }) : null;
  const embedder = await createEmbedder(config, { threads: 0 });
  const identity = embedder.identity;
  await embedder.close();
  const generation = createGeneration(db, identity, generationNamer(config));
  log(`Building generation ${generation.name} with ${identityKey(identity)}${serving ? ` while ${serving.name} keeps serving` : ''}.`);
  const handle = await openGeneration(config, db, generation);
  const jobs = new JobQueue(db, generation.name);
  const extractor: Extractor = options.inProcessExtraction
    ? { extract: extractFile, close: async () => undefined }
    : new ExtractionSandbox({ workers: config.extraction.workers, timeoutMs: config.extraction.timeoutMs, memoryMb: config.extraction.workerMemoryMb });
  const pipeline = new Pipeline({
    config,
    db,
    target: { ...handle, jobs },
    extractor,
    passwordsFor: loadPasswords(config.passwordsPath),
    vectorDonor: servingHandle?.index ?? null,
  });
  try {
    return await buildAndSwap();
  } finally {
    await extractor.close();
  }

  async function buildAndSwap(): Promise<ReindexResult> {
    const outcomes: Record<string, number> = {};
    let swapped = false;
    let gate: GateOutcome | null = null;
    try {
      pipeline.acquireLock();
      for (const root of plan.roots) await pipeline.reconcile(root);
      const total = jobs.pending().length;
      let done = 0;
      pipeline.on('job', (result: JobResult) => {
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        if (result.outcome !== 'retry') done += 1;
        options.onProgress?.(done, total, result.job.path);
      });
      await pipeline.run('untilIdle');
      if (pipeline.isStopping) throw new ReindexError('Interrupted; the serving generation is unchanged.');
      const stuck = jobs.pending();
      if (stuck.length) {
        throw new ReindexError(
          `${stuck.length} documents could not be processed (${stuck[0]!.path}: ${stuck[0]!.lastError}); the serving generation is unchanged.`,
        );
      }
      await options.afterBuild?.(handle);
      if (options.gate && !options.force) {
        gate = await options.gate(handle, servingHandle);
        log(`Evaluation gate ${gate.passed ? 'passed' : 'FAILED'}: ${gate.summary}`);
        if (!gate.passed) throw new ReindexError(`The evaluation gate failed (${gate.summary}); ${serving?.name ?? 'the current generation'} keeps serving.`);
      }
      activateGeneration(db, generation.name);
      swapped = true;
      log(`Generation ${generation.name} now serves${serving ? `; ${serving.name} is kept for \`npm run reindex -- --rollback\`` : ''}.`);
      await retireOld(config, db);
      jobs.clear();
    } catch (error) {
      if (!swapped) {
        setGenerationState(db, generation.name, 'failed', error instanceof Error ? error.message : String(error));
        pipeline.releaseLock();
        await dropGeneration(config, db, getGeneration(db, generation.name)!);
        jobs.clear();
      }
      if (error instanceof ReindexError) {
        return {
          action: 'reindex',
          generation: generation.name,
          previous: serving?.name ?? null,
          swapped: false,
          gate,
          outcomes,
          duration_s: (performance.now() - started) / 1000,
          reason: error.message,
        };
      }
      throw error;
    } finally {
      pipeline.releaseLock();
      await handle.scheduler.close();
      await servingHandle?.scheduler.close();
    }
    const caughtUp = await catchUp(config, db, extractor, log);
    for (const [key, value] of Object.entries(caughtUp)) outcomes[`after_switch_${key}`] = value;
    return {
      action: 'reindex',
      generation: generation.name,
      previous: serving?.name ?? null,
      swapped,
      gate,
      outcomes,
      duration_s: (performance.now() - started) / 1000,
    };
  }
}

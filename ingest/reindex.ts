import fs from 'node:fs';
import { CuratedStore, indexAllCurated } from '../lib/answer/curated';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { configuredIdentity } from '../lib/embedder/create-embedder';
import { identityKey } from '../lib/embedder/types';
import { DocentError } from '../lib/errors';
import { type GateOutcome, evaluateGate } from '../lib/evaluation/gate';
import { JobQueue } from '../lib/jobs';
import { Registry, listRoots } from '../lib/registry';
import { type GenerationHandle, openGeneration } from '../lib/services';
import { createGeneration, getGeneration, listGenerations, servingGeneration, setGenerationState } from '../lib/vector-index/generations';
import { dropGeneration, switchServing } from '../lib/vector-index/open-index';
import { catchUp } from './catch-up';
import { type ExtractionResources, createExtractor } from './create-pipeline';
import type { JobResult } from './job-result';
import { loadPasswords } from './passwords';
import { Pipeline } from './pipeline';

export class ReindexError extends DocentError {
  constructor(message: string) {
    // 409 as before the one error model: the serving generation's state conflicts with the request.
    super('reindex_failed', message, { status: 409 });
  }
}

export interface ReindexPlan {
  serving: { generation: string; backend: string; embedder: string; documents: number } | null;
  target_backend: string;
  target_embedder: string;
  embedder_changes: boolean;
  roots: string[];
  missing_roots: string[];
}

export interface ReindexOptions {
  /** Skip the evaluation gate. */
  force?: boolean;
  /** Extract in this thread rather than the sandbox (tests that count calls). */
  inProcessExtraction?: boolean;
  log?: (message: string) => void;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Replaces the default gate (the evaluation set in the data directory). */
  gate?: (candidate: GenerationHandle, serving: GenerationHandle | null) => Promise<GateOutcome>;
  /** Asked between documents; true stops the build and leaves the serving generation as it is. */
  shouldStop?: () => boolean;
}

export interface ReindexResult {
  action: 'reindex' | 'rollback';
  generation: string | null;
  previous: string | null;
  swapped: boolean;
  gate: GateOutcome | null;
  outcomes: Record<string, number>;
  duration_s: number;
  reason?: string;
}

export async function planReindex(config: Config, db: Db): Promise<ReindexPlan> {
  const serving = servingGeneration(db);
  const target = identityKey(await configuredIdentity(config));
  const registry = serving ? new Registry(db, serving.name) : null;
  // The roots whose documents the serving generation holds (every known root for a new data directory).
  const roots = registry?.liveRoots() ?? listRoots(db);
  const documents = registry?.liveCount() ?? 0;
  return {
    serving: serving ? { generation: serving.name, backend: serving.backend, embedder: identityKey(serving.embedder), documents } : null,
    target_backend: config.backend,
    target_embedder: target,
    embedder_changes: serving ? identityKey(serving.embedder) !== target : false,
    roots,
    missing_roots: roots.filter((root) => !fs.existsSync(root)),
  };
}

/** A generation left `building` by a crashed or interrupted reindex is removed before a new one starts. */
async function removeAbandoned(config: Config, db: Db, log: (message: string) => void): Promise<void> {
  for (const generation of listGenerations(db)) {
    if (generation.state !== 'building') continue;
    if (Pipeline.lockOwner(db, generation.name) !== null) throw new ReindexError(`Another reindex (building ${generation.name}) is running.`);
    await dropGeneration(config, db, generation);
    new JobQueue(db, generation.name).clear();
    setGenerationState(db, generation.name, 'failed', 'abandoned while building (interrupted or crashed)');
    log(`Removed the unfinished generation ${generation.name}.`);
  }
}

/** Keeps the serving and the previous generation; older ones are dropped. */
async function dropRetired(config: Config, db: Db): Promise<void> {
  for (const generation of listGenerations(db)) {
    if (generation.state === 'retired' && generation.note !== 'dropped') {
      await dropGeneration(config, db, generation);
      setGenerationState(db, generation.name, 'retired', 'dropped');
    }
  }
}

export async function rollback(config: Config, db: Db, options: Pick<ReindexOptions, 'log' | 'inProcessExtraction'> = {}): Promise<ReindexResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const serving = servingGeneration(db);
  const previous = listGenerations(db).find((generation) => generation.state === 'previous');
  if (!previous) throw new ReindexError('There is no previous generation to roll back to.');
  await switchServing(config, db, previous);
  log(`Generation ${previous.name} serves again (was ${serving?.name ?? 'none'}).`);
  const extractor = createExtractor(config, { inProcess: options.inProcessExtraction });
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

/** Runs a candidate generation's pipeline over every root into its own registry and queue. */
async function build(
  config: Config,
  db: Db,
  handle: GenerationHandle,
  donor: GenerationHandle | null,
  roots: string[],
  extractor: ExtractionResources,
  options: ReindexOptions,
): Promise<Record<string, number>> {
  const jobs = new JobQueue(db, handle.generation.name);
  // Vectors are reused from the serving generation when the embedder did not change.
  const pipeline = new Pipeline({
    config,
    db,
    target: { ...handle, jobs },
    extractor,
    passwordsFor: loadPasswords(config.passwordsPath),
    vectorDonor: donor?.index ?? null,
  });
  const outcomes: Record<string, number> = {};
  pipeline.acquireLock();
  try {
    for (const root of roots) await pipeline.reconcile(root);
    const total = jobs.pending().length;
    let done = 0;
    pipeline.on('job', (result: JobResult) => {
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome !== 'retry') done += 1;
      options.onProgress?.(done, total, result.job.path);
      if (options.shouldStop?.()) pipeline.stop();
    });
    await pipeline.run('untilIdle');
    if (pipeline.isStopping) throw new ReindexError('Interrupted; the serving generation is unchanged.');
    const stuck = jobs.pending();
    if (stuck.length)
      throw new ReindexError(
        `${stuck.length} documents could not be processed (${stuck[0]!.path}: ${stuck[0]!.lastError}); the serving generation is unchanged.`,
      );
    // Reviewed answers live in the index beside the documents: a generation without them would
    // forget every one at the switch.
    await indexAllCurated(handle, new CuratedStore(db));
    return outcomes;
  } finally {
    pipeline.releaseLock();
    jobs.clear();
  }
}

/**
 * Zero-downtime reindex: builds a complete new generation from the watched folders with the
 * configured embedder and backend while the serving one keeps answering, runs the evaluation
 * gate, and only then switches (Qdrant alias first, then one SQLite transaction). The previous
 * generation is kept for `--rollback`; a failed build or gate leaves the serving one in place.
 */
export async function reindex(config: Config, db: Db, options: ReindexOptions = {}): Promise<ReindexResult> {
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
  const generation = createGeneration(db, config.backend, await configuredIdentity(config), 'building', config.qdrant?.prefix);
  log(
    `Building generation ${generation.name} (${generation.backend}, ${identityKey(generation.embedder)})${serving ? ` while ${serving.name} keeps serving` : ''}.`,
  );
  const extractor = createExtractor(config, { inProcess: options.inProcessExtraction });
  let handle: GenerationHandle | null = null;
  let outcomes: Record<string, number> = {};
  let gate: GateOutcome | null = null;
  const result = (swapped: boolean, reason?: string): ReindexResult => ({
    action: 'reindex',
    generation: generation.name,
    previous: serving?.name ?? null,
    swapped,
    gate,
    outcomes,
    duration_s: (performance.now() - started) / 1000,
    ...(reason ? { reason } : {}),
  });
  try {
    try {
      handle = await openGeneration(config, db, generation);
      outcomes = await build(config, db, handle, servingHandle, plan.roots, extractor, options);
      if (!options.force) {
        gate = options.gate
          ? await options.gate(handle, servingHandle)
          : await evaluateGate(config, { ...handle, config }, servingHandle ? { ...servingHandle, config } : null);
        log(`Evaluation gate ${gate.passed ? 'passed' : 'FAILED'}: ${gate.summary}`);
        if (!gate.passed)
          throw new ReindexError(
            `The evaluation gate failed: ${gate.summary}. ${serving?.name ?? 'The current generation'} keeps serving; \`--force\` skips the gate.`,
          );
      }
      await switchServing(config, db, generation);
    } catch (error) {
      setGenerationState(db, generation.name, 'failed', error instanceof Error ? error.message : String(error));
      await dropGeneration(config, db, getGeneration(db, generation.name)!).catch(() => undefined);
      if (error instanceof ReindexError) return result(false, error.message);
      throw error;
    } finally {
      await handle?.scheduler.close();
      await servingHandle?.scheduler.close();
    }
    log(`Generation ${generation.name} now serves${serving ? `; ${serving.name} is kept for \`npm run reindex -- --rollback\`` : ''}.`);
    await dropRetired(config, db);
    for (const [key, value] of Object.entries(await catchUp(config, db, extractor, log))) outcomes[`after_switch_${key}`] = value;
    return result(true);
  } finally {
    await extractor.close();
  }
}

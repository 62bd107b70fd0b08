import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../lib/config';
import { AlertNotifier } from '../lib/alerts';
import { CuratedStore, reconcileCuratedSources } from '../lib/answer/curated';
import { EscalationStore } from '../lib/answer/escalations';
import { describeError, isStorageProblem } from '../lib/errors';
import { writeStarterEvalSet } from '../lib/evaluation/eval-set';
import { documentId } from '../lib/ids';
import type { Services } from '../lib/services';
import { createPipeline } from './create-pipeline';
import { type WatchEvent, watchFolder } from './detect';
import type { JobResult } from './job-result';
import type { Pipeline, PipelineTarget } from './pipeline';
import { describeTerms } from './retokenize';
import { DEFAULT_SPACE } from '../lib/spaces/access';
import { SpaceStore } from '../lib/spaces/space-store';

/** Files of the examples folder that describe the samples rather than being sample documents. */
const NOT_SAMPLE_DOCUMENTS = new Set(['README.md', 'questions.json']);

/**
 * Creates the default watched folder on first start, filled with a copy of the sample
 * documents. An existing folder is never touched.
 */
export function prepareWatchDir(config: Config, log: (message: string) => void): string {
  if (!fs.existsSync(config.watchDir)) {
    fs.mkdirSync(config.watchDir, { recursive: true });
    if (fs.existsSync(config.examplesDir)) {
      fs.cpSync(config.examplesDir, config.watchDir, { recursive: true, filter: (source) => !NOT_SAMPLE_DOCUMENTS.has(path.basename(source)) });
      log(`Created ${config.watchDir} with the sample documents from ${config.examplesDir}.`);
      if (writeStarterEvalSet(config.gate.evalSetPath)) log(`Wrote a starter evaluation set for the reindex gate to ${config.gate.evalSetPath}.`);
    } else {
      log(`Created ${config.watchDir}; drop documents into it.`);
    }
  }
  return fs.realpathSync(config.watchDir);
}

export function describeJob(result: JobResult): string {
  const parts: string[] = [`${result.outcome.padEnd(11)} ${result.job.path}`];
  if (result.outcome === 'indexed' || result.outcome === 'moved')
    parts.push(`(${result.chunks} chunks, ${result.embedded} embedded, ${result.durationS.toFixed(2)} s)`);
  if (result.reason) parts.push(`[${result.reason}]`);
  if (result.detail && result.outcome !== 'indexed') parts.push(result.detail);
  return parts.join(' ');
}

/** Turns a watcher event under `root` into persisted jobs. */
function queueWatchEvent(
  target: Pick<PipelineTarget, 'registry' | 'jobs'>,
  root: string,
  event: Exclude<WatchEvent, { type: 'rescan' }>,
  renameGraceMs: number,
): void {
  const { jobs, registry } = target;
  if (event.type === 'delete_dir') {
    const prefix = `${event.relativePath}/`;
    for (const doc of registry.listByRoot(root)) {
      if (doc.path.startsWith(prefix) && doc.status !== 'deleted')
        jobs.enqueue({ docId: doc.id, root, path: doc.path, kind: 'delete', delayMs: renameGraceMs });
    }
    return;
  }
  const docId = documentId(root, event.relativePath);
  if (event.type === 'upsert' && !registry.get(docId)) registry.save(docId, { root, path: event.relativePath, status: 'pending' });
  // Deletes wait a moment so that a rename (an unlink, then an add) is seen as a move.
  jobs.enqueue({ docId, root, path: event.relativePath, kind: event.type, delayMs: event.type === 'delete' ? renameGraceMs : 0 });
}

/** Watches `root` for the pipeline: each change becomes a job, and the pipeline is woken for it. */
async function watchRoot(services: Services, pipeline: Pipeline, root: string) {
  const { config } = services;
  pipeline.watchedRoots.add(root);
  return watchFolder({
    root,
    stabilityMs: config.pipeline.watchStabilityMs,
    pollMs: config.pipeline.watchPollMs,
    onActivity: () => {
      try {
        pipeline.prepare();
      } catch (error) {
        // Only a head start was lost: the file's own job starts what it needs and reports what fails.
        pipeline.emit('error', new Error(`Could not start the ingestion workers early: ${describeError(error)}`));
      }
    },
    onEvent: (event) => {
      try {
        if (event.type === 'rescan') {
          pipeline.rescan.add(root);
          return;
        }
        queueWatchEvent(services, root, event, config.pipeline.renameGraceMs);
        pipeline.wake();
      } catch (error) {
        // The change could not be queued (a full disk, say): a later scan of the folder finds it.
        pipeline.rescan.add(root);
        pipeline.emit('error', new Error(`Could not queue a change under ${root}: ${describeError(error)} The folder will be scanned again.`));
      }
    },
    onError: (error) => pipeline.emit('error', error instanceof Error ? error : new Error(String(error))),
  });
}

export interface WatcherHandle {
  pipeline: Pipeline;
  /** Resolves when the watcher has stopped (after stop()) and everything is closed. */
  done: Promise<void>;
  stop(): void;
}

/**
 * Sync then watch: takes the pipeline lock, starts watching (so nothing created during the
 * reconciliation is missed), reconciles each root, then processes jobs until stopped.
 */
export async function startWatcher(services: Services, roots: string[], log: (message: string) => void): Promise<WatcherHandle> {
  const { pipeline, extractor } = createPipeline(services);
  try {
    extractor.ocr?.ensureLanguages();
  } catch (error) {
    // Documents that need OCR are quarantined with this message; everything else proceeds.
    log(`docent: OCR is unavailable: ${describeError(error)}`);
  }
  // A full disk at start is waited out rather than fatal: the watcher runs once there is room.
  for (let attempt = 0; ; attempt += 1) {
    try {
      pipeline.acquireLock();
      break;
    } catch (error) {
      if (!isStorageProblem(error) || pipeline.isStopping) throw error;
      if (attempt === 0) log(`docent: cannot start yet: ${describeError(error)} Retrying every 5 s.`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
  }
  pipeline.on('error', (error) => log(`docent: ${error.message}`));
  if (services.config.debug) pipeline.on('stage', ({ path: file, stage }) => log(`debug: ${file}: ${stage}`));
  pipeline.on('outage', ({ down, detail }) => log(`docent: ${down ? 'OUTAGE: ' : ''}${detail}`));
  pipeline.on('terms', (event) => {
    const line = describeTerms(event);
    if (line) log(`docent: ${line}`);
  });
  const spaces = new SpaceStore(services.db);
  const alerts = new AlertNotifier(services.db, services.config.alertWebhookUrl, log, undefined, (space) => spaces.access().webhookOf(space));
  pipeline.on('outage', ({ down, detail }) => alerts.notify(`Docent ${down ? 'cannot reach its vector index' : 'reaches its vector index again'}: ${detail}`));
  // Curated answers whose sources changed go back to review; checked once a burst of jobs settles.
  let settle: NodeJS.Timeout | null = null;
  const reconcileCurated = () => {
    settle = null;
    reconcileCuratedSources({
      store: new CuratedStore(services.db),
      escalations: new EscalationStore(services.db),
      registry: services.registry,
      index: services.index,
    })
      .then((stale) => {
        for (const entry of stale) {
          log(`source changed: the reviewed answer to "${entry.question}" went back to the review queue`);
          alerts.notify(`A reviewed answer went back to review because its source changed: “${entry.question.slice(0, 300)}”`, {
            space: entry.spaces?.[0] ?? DEFAULT_SPACE,
          });
        }
      })
      .catch((error: unknown) => log(`docent: checking reviewed answers: ${describeError(error)}`));
  };
  pipeline.on('job', (result) => {
    if (result.outcome !== 'unchanged') log(describeJob(result));
    if (result.outcome === 'quarantined') {
      // The owners of the file's space hear of it first: their own webhook when the space has one.
      const space = spaces.access().spaceOf(result.job.root, result.job.path).name;
      alerts.notify(`Docent could not index ${result.job.path} (${result.reason}): ${result.detail ?? ''}`, { space });
    }
    if (result.outcome !== 'unchanged' && result.outcome !== 'retry') {
      if (settle) clearTimeout(settle);
      settle = setTimeout(reconcileCurated, 1000);
    }
  });
  const watchers: Awaited<ReturnType<typeof watchRoot>>[] = [];
  const jobs = services.jobs;
  jobs.beginStartupSync();
  try {
    for (const root of roots) watchers.push(await watchRoot(services, pipeline, root));
    for (const root of roots) {
      try {
        const scan = await pipeline.reconcile(root, 'startup');
        log(`Watching ${root}: ${scan.scanned} files, ${scan.added} new, ${scan.changed} changed, ${scan.deleted} gone since last run.`);
      } catch (error) {
        // Keep running (a full disk frees up, a busy database settles): the scan is retried.
        pipeline.rescan.add(root);
        log(`Watching ${root}, but its first scan failed: ${describeError(error)} It is retried every 5 s.`);
      }
    }
  } catch (error) {
    await Promise.all(watchers.map((watcher) => watcher.close()));
    pipeline.releaseLock();
    await extractor.close();
    throw error;
  } finally {
    jobs.endStartupScan();
  }
  reconcileCurated();
  const done = pipeline.run('forever').finally(async () => {
    if (settle) clearTimeout(settle);
    alerts.close();
    await Promise.all(watchers.map((watcher) => watcher.close().catch((error: unknown) => log(`docent: closing the watcher: ${describeError(error)}`))));
    pipeline.releaseLock();
    await extractor.close();
  });
  return { pipeline, done, stop: () => pipeline.stop() };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../lib/config';
import { describeError } from '../lib/errors';
import { writeStarterEvalSet } from '../lib/evaluation/eval-set';
import type { Services } from '../lib/services';
import { createPipeline } from './create-pipeline';
import type { JobResult, Pipeline } from './pipeline';

/**
 * Creates the default watched folder on first start, filled with a copy of the sample
 * documents. An existing folder is never touched.
 */
export function prepareWatchDir(config: Config, log: (message: string) => void): string {
  if (!fs.existsSync(config.watchDir)) {
    fs.mkdirSync(config.watchDir, { recursive: true });
    if (fs.existsSync(config.examplesDir)) {
      fs.cpSync(config.examplesDir, config.watchDir, { recursive: true, filter: (source) => path.basename(source) !== 'README.md' });
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
  pipeline.acquireLock();
  pipeline.on('error', (error) => log(`docent: ${error.message}`));
  pipeline.on('outage', ({ down, detail }) => log(`docent: ${down ? 'OUTAGE: ' : ''}${detail}`));
  pipeline.on('job', (result) => {
    if (result.outcome !== 'unchanged') log(describeJob(result));
  });
  const watchers: Awaited<ReturnType<Pipeline['watch']>>[] = [];
  try {
    for (const root of roots) watchers.push(await pipeline.watch(root));
    for (const root of roots) {
      const scan = await pipeline.reconcile(root);
      log(`Watching ${root}: ${scan.scanned} files, ${scan.added} new, ${scan.changed} changed, ${scan.deleted} gone since last run.`);
    }
  } catch (error) {
    await Promise.all(watchers.map((watcher) => watcher.close()));
    pipeline.releaseLock();
    await extractor.close();
    throw error;
  }
  const done = pipeline.run('forever').finally(async () => {
    await Promise.all(watchers.map((watcher) => watcher.close().catch((error: unknown) => log(`docent: closing the watcher: ${describeError(error)}`))));
    pipeline.releaseLock();
    await extractor.close();
  });
  return { pipeline, done, stop: () => pipeline.stop() };
}

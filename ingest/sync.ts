import fs from 'node:fs';
import type { Services } from '../lib/services';
import { UsageError } from '../lib/errors';
import type { ReconcileSummary } from './detect';
import type { JobResult, Outcome } from './job-result';
import { Pipeline } from './pipeline';

export interface SyncSummary {
  folder: string;
  scan: ReconcileSummary;
  outcomes: Record<Outcome, number>;
  chunks: number;
  embedded_texts: number;
  embed_calls: number;
  duration_s: number;
  /** Set when another Docent process did the work and this one only waited for it. */
  processed_by_pid: number | null;
}

/** Resolves a folder given on the command line to the canonical root the registry uses. */
export function resolveRoot(folder: string): string {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(folder);
  } catch {
    throw new UsageError(`The folder ${folder} does not exist.`);
  }
  if (!stats.isDirectory()) throw new UsageError(`${folder} is not a folder.`);
  return fs.realpathSync(folder);
}

export function emptyOutcomes(): Record<Outcome, number> {
  return { indexed: 0, unchanged: 0, quarantined: 0, duplicate: 0, deleted: 0, moved: 0, retry: 0 };
}

/**
 * One-shot sync of a folder: reconcile it with the registry, then process its jobs until none is
 * due. When another Docent process owns the pipeline (a running watcher), the jobs are left to
 * it and this call waits for them instead.
 */
export async function syncFolder(
  services: Services,
  pipeline: Pipeline,
  root: string,
  hooks: { onScan?: (scan: ReconcileSummary, queued: number) => void; onProgress?: (done: number, total: number, label: string) => void } = {},
): Promise<SyncSummary> {
  const started = performance.now();
  const callsBefore = services.scheduler.stats.calls;
  const outcomes = emptyOutcomes();
  let chunks = 0;
  let embedded = 0;
  const owner = Pipeline.lockOwner(services.db);
  if (owner === null) pipeline.acquireLock();
  try {
    const scan = await pipeline.reconcile(root);
    const total = services.jobs.pending({ root }).length;
    hooks.onScan?.(scan, total);
    let done = 0;
    if (owner === null) {
      const onJob = (result: JobResult) => {
        if (result.job.root !== root) return;
        outcomes[result.outcome] += 1;
        chunks += result.chunks ?? 0;
        embedded += result.embedded ?? 0;
        if (result.outcome !== 'retry') done += 1;
        hooks.onProgress?.(done, total, result.job.path);
      };
      pipeline.on('job', onJob);
      try {
        await pipeline.run('untilIdle', { root });
      } finally {
        pipeline.off('job', onJob);
      }
    } else {
      for (;;) {
        const remaining = services.jobs.pending({ root });
        hooks.onProgress?.(total - remaining.length, total, remaining[0]?.path ?? '');
        if (remaining.length === 0 || remaining.every((job) => job.attempts > 0) || pipeline.isStopping) break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    return {
      folder: root,
      scan,
      outcomes,
      chunks,
      embedded_texts: embedded,
      embed_calls: services.scheduler.stats.calls - callsBefore,
      duration_s: Math.round((performance.now() - started) / 10) / 100,
      processed_by_pid: owner,
    };
  } finally {
    if (owner === null) pipeline.releaseLock();
  }
}

export function describeSync(summary: SyncSummary): string {
  const { scan, outcomes } = summary;
  const lines = [
    `Synced ${summary.folder} in ${summary.duration_s} s: ${scan.scanned} files (${scan.added} new, ${scan.changed} changed, ${scan.deleted} gone, ${scan.unchanged} unchanged).`,
    `  indexed ${outcomes.indexed}, moved ${outcomes.moved}, unchanged ${outcomes.unchanged}, duplicates ${outcomes.duplicate}, quarantined ${outcomes.quarantined}, removed ${outcomes.deleted}` +
      (outcomes.retry ? `, waiting to retry ${outcomes.retry}` : ''),
    `  ${summary.chunks} chunks written, ${summary.embedded_texts} texts embedded in ${summary.embed_calls} calls.`,
  ];
  if (summary.processed_by_pid) lines.push(`  (processed by the running Docent pipeline, pid ${summary.processed_by_pid})`);
  if (outcomes.quarantined) lines.push('  See `npm run quarantine -- list` for the reasons.');
  return lines.join('\n');
}

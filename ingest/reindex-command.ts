import { parseArgs } from 'node:util';
import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import { planReindex, reindex, rollback } from './reindex';

/** How the command talks: human lines and progress on stderr, the JSON result as the last line of stdout. */
export interface CommandIo {
  say: (message: string) => void;
  printJson(value: unknown): void;
  progressBar(title: string, total: number): { update(done: number, label?: string): void; stop(): void };
  /** Registers what a first Ctrl-C (or SIGTERM) does. */
  onInterrupt(stop: () => void): void;
}

/**
 * `npm run reindex [-- --rollback | --force | --dry-run] [--json]`: the command behind the npm
 * script (scripts/reindex.ts) and the reindex the web app starts (ingest/reindex-process.ts).
 * Resolves with the exit code: 0, or 1 when a reindex did not switch.
 */
export async function runReindexCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rollback: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if ([values.rollback, values.force, values['dry-run']].filter(Boolean).length > 1)
    throw new UsageError('usage: npm run reindex [-- --rollback | --force | --dry-run] [--json]');
  const { say } = io;
  const config = getConfig();
  const db = openDatabase(config.dataDir);
  try {
    if (values['dry-run']) {
      const plan = await planReindex(config, db);
      say(
        `A reindex would build a new generation of ${plan.serving?.documents ?? 0} documents from ${plan.roots.length} folder(s) with ${plan.target_embedder}` +
          (plan.serving
            ? ` (serving now: ${plan.serving.generation}, ${plan.serving.embedder}${plan.embedder_changes ? '; the embedder changes' : '; same embedder, stored vectors are reused'})`
            : '') +
          '.',
      );
      for (const root of plan.missing_roots) say(`  ! missing folder: ${root}`);
      if (values.json) io.printJson({ action: 'dry-run', plan });
      return 0;
    }
    if (values.rollback) {
      const result = await rollback(config, db, { log: say });
      if (values.json) io.printJson(result);
      return 0;
    }
    let bar: ReturnType<CommandIo['progressBar']> | null = null;
    let interrupted = false;
    io.onInterrupt(() => {
      interrupted = true;
    });
    const result = await reindex(config, db, {
      force: values.force,
      log: say,
      shouldStop: () => interrupted,
      onProgress: (done, total, label) => {
        bar ??= io.progressBar('Reindexing', total);
        bar.update(done, label);
      },
    });
    (bar as ReturnType<CommandIo['progressBar']> | null)?.stop();
    say(
      result.swapped ? `Reindexed in ${result.duration_s.toFixed(1)} s: generation ${result.generation} serves.` : `Reindex did not switch: ${result.reason}`,
    );
    if (values.json) io.printJson(result);
    return result.swapped ? 0 : 1;
  } finally {
    db.close();
  }
}

import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import { planReindex, reindex, rollback } from '../ingest/reindex';
import { onInterrupt, parseCommandLine, printJson, progressBar, runMain, say } from './cli';

runMain(async () => {
  const { values } = parseCommandLine({
    rollback: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if ([values.rollback, values.force, values['dry-run']].filter(Boolean).length > 1)
    throw new UsageError('usage: npm run reindex [-- --rollback | --force | --dry-run] [--json]');
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
      if (values.json) printJson({ action: 'dry-run', plan });
      return 0;
    }
    if (values.rollback) {
      const result = await rollback(config, db, { log: say });
      if (values.json) printJson(result);
      return 0;
    }
    let bar: ReturnType<typeof progressBar> | null = null;
    let interrupted = false;
    onInterrupt(() => {
      interrupted = true;
    });
    const result = await reindex(config, db, {
      force: values.force,
      log: say,
      shouldStop: () => interrupted,
      onProgress: (done, total, label) => {
        bar ??= progressBar('Reindexing', total);
        bar.update(done, label);
      },
    });
    (bar as ReturnType<typeof progressBar> | null)?.stop();
    say(
      result.swapped ? `Reindexed in ${result.duration_s.toFixed(1)} s: generation ${result.generation} serves.` : `Reindex did not switch: ${result.reason}`,
    );
    if (values.json) printJson(result);
    return result.swapped ? 0 : 1;
  } finally {
    db.close();
  }
});

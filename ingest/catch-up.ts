import fs from 'node:fs';
import type { Config } from '../lib/config';
import type { Db } from '../lib/db';
import { JobQueue } from '../lib/jobs';
import { openGeneration } from '../lib/services';
import { servingGeneration } from '../lib/vector-index/generations';
import type { ExtractionResources } from './create-pipeline';
import { loadPasswords } from './passwords';
import { Pipeline } from './pipeline';

/**
 * After a switch the live queue is reconciled against the generation now serving: whatever
 * changed while it was built (or, after a rollback, since it last served) is processed. A running
 * watcher does this itself when it notices the switch; otherwise this process does it.
 */
export async function catchUp(config: Config, db: Db, extractor: ExtractionResources, log: (message: string) => void): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  if (Pipeline.lockOwner(db) !== null) {
    log('The running watcher picks up changes made during the switch.');
    return outcomes;
  }
  const serving = servingGeneration(db)!;
  const handle = await openGeneration(config, db, serving);
  const pipeline = new Pipeline({
    config,
    db,
    target: { ...handle, jobs: new JobQueue(db) },
    extractor,
    ocr: extractor.ocr,
    passwordsFor: loadPasswords(config.passwordsPath),
  });
  pipeline.on('job', (result) => {
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  });
  pipeline.acquireLock();
  try {
    for (const root of handle.registry.liveRoots()) if (fs.existsSync(root)) await pipeline.reconcile(root);
    await pipeline.run('untilIdle');
  } finally {
    pipeline.releaseLock();
    await handle.scheduler.close();
  }
  return outcomes;
}

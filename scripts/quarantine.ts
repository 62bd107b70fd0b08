import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { openServices } from '../lib/services';
import { createPipeline } from '../ingest/create-pipeline';
import { Pipeline } from '../ingest/pipeline';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values, positionals } = parseCommandLine({ json: { type: 'boolean', default: false } });
  const [action, target] = positionals;
  if (action !== 'list' && action !== 'retry') throw new UsageError('usage: npm run quarantine -- list | retry <path> [--json]');
  if (action === 'retry' && !target) throw new UsageError('usage: npm run quarantine -- retry <path>   (the path as listed, or the file on disk)');
  const services = await openServices(getConfig());
  const { pipeline, extractor } = createPipeline(services);
  try {
    const quarantined = services.registry.list({ status: 'quarantined' });
    if (action === 'list') {
      if (quarantined.length === 0) say('No quarantined documents.');
      for (const doc of quarantined) say(`${doc.reason?.padEnd(16)} ${path.join(doc.root, doc.path)}\n${' '.repeat(17)}${doc.detail ?? ''}`);
      if (values.json) printJson({ documents: quarantined.map((doc) => ({ root: doc.root, path: doc.path, reason: doc.reason, detail: doc.detail })) });
      return 0;
    }
    const absolute = fs.existsSync(target!) ? fs.realpathSync(target!) : path.resolve(target!);
    const matches = quarantined.filter((doc) => doc.path === target || path.join(doc.root, doc.path) === absolute);
    if (matches.length === 0) throw new UsageError(`${target} is not quarantined (see \`npm run quarantine -- list\`).`);
    const owner = Pipeline.lockOwner(services.db);
    for (const doc of matches) pipeline.retry(doc.id);
    if (owner !== null) {
      say(`Queued ${matches.length} document(s) for another try; the running pipeline (pid ${owner}) will process them.`);
      if (values.json) printJson({ queued: matches.length, processed_by_pid: owner });
      return 0;
    }
    pipeline.acquireLock();
    const results: { path: string; outcome: string; reason: string | null; detail: string | null }[] = [];
    pipeline.on('job', (result) =>
      results.push({ path: result.job.path, outcome: result.outcome, reason: result.reason ?? null, detail: result.detail ?? null }),
    );
    try {
      await pipeline.run('untilIdle');
    } finally {
      pipeline.releaseLock();
    }
    for (const result of results) say(`${result.path}: ${result.outcome}${result.reason ? ` [${result.reason}] ${result.detail ?? ''}` : ''}`);
    if (values.json) printJson({ results });
    return results.some((result) => result.outcome === 'quarantined') ? 2 : 0;
  } finally {
    await extractor.close();
    await services.close();
  }
});

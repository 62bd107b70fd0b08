import path from 'node:path';
import { getConfig } from '../lib/config';
import { backup } from '../lib/backup';
import { UsageError } from '../lib/errors';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values, positionals } = parseCommandLine({ json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError('usage: npm run backup -- <empty folder> [--json]');
  const target = path.resolve(positionals[0]!);
  const started = performance.now();
  const manifest = await backup(getConfig(), target);
  say(
    `Backed up generation ${manifest.generation ?? '(none)'} (${manifest.documents} documents) to ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (manifest.qdrant_snapshots.length ? `, with a Qdrant snapshot of ${manifest.qdrant_snapshots.map((item) => item.collection).join(', ')}` : '') +
      '.',
  );
  if (values.json) printJson({ ...manifest, target, duration_s: (performance.now() - started) / 1000 });
});

import path from 'node:path';
import { getConfig } from '../lib/config';
import { restore } from '../lib/backup';
import { UsageError } from '../lib/errors';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values, positionals } = parseCommandLine({ json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError('usage: npm run restore -- <backup folder> [--json]   (into an empty DOCENT_DATA_DIR)');
  const source = path.resolve(positionals[0]!);
  const config = getConfig();
  const manifest = await restore(config, source);
  say(`Restored generation ${manifest.generation ?? '(none)'} (${manifest.documents} documents, backed up ${manifest.created_at}) into ${config.dataDir}.`);
  if (values.json) printJson({ ...manifest, data_dir: config.dataDir });
});

// `npm run bundle`: builds, ahead of time, every bundle Docent's long-lived processes run: the commands that
// package.json starts through scripts/run.mjs, the reindex the web app starts, and the extraction worker. Each
// process bundles its own on start anyway and rewrites a file only when its content changed, so an installation
// bundled this way starts without writing under node_modules (the Docker image runs it; a container may then keep
// its files read-only). Plain JavaScript, like run.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { bundleDirectory, bundleModule } from '../lib/module-bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
const started = Object.values(scripts).flatMap((command) => /^node scripts\/run\.mjs (\S+)/.exec(command)?.[1] ?? []);
// Started by the web app (lib/web/reindex-trigger.ts) and by the extraction sandbox (ingest/extract-worker-bundle.ts).
const entries = [...new Set([...started, 'ingest/reindex-process.ts', 'ingest/extract-worker.ts'])];

for (const entry of entries) {
  const folder = bundleDirectory(ROOT, entry);
  try {
    await bundleModule(path.join(ROOT, entry), folder);
    process.stdout.write(`bundled ${entry} into ${path.relative(ROOT, folder)}\n`);
  } catch (error) {
    process.stderr.write(`docent: ${entry} could not be bundled: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

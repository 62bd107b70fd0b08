// `node scripts/run.mjs <entry.ts> [arguments]`: runs one of Docent's long-lived commands (`npm start`,
// `npm run watch`, `npm run serve`) as plain JavaScript. The entry and Docent's own modules are bundled by
// esbuild (lib/module-bundle.mjs) into node_modules/.cache/docent/ and imported. Run through the tsx loader
// instead, the watcher held about 150 MB more at its peak: the loader processes every module a package
// loads (pdf.js alone is megabytes) and turns on source maps, so Node reads each package's maps as well.
// One-shot commands keep tsx; for stack traces that point into the TypeScript, run `npx tsx <entry.ts>`.
import fs from 'node:fs';
import path from 'node:path';
import { bundleDirectory, bundleModule } from '../lib/module-bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const [entry, ...rest] = process.argv.slice(2);
if (!entry || !fs.existsSync(entry)) {
  process.stderr.write(`docent: scripts/run.mjs needs an entry point that exists (got ${entry ?? 'nothing'}).\n`);
  process.exit(2);
}
const source = path.resolve(entry);
let bundle;
try {
  // A folder per entry, named after its path: scripts/start.ts and another start.ts never share one.
  bundle = await bundleModule(source, bundleDirectory(ROOT, source));
} catch (error) {
  process.stderr.write(`docent: ${path.relative(ROOT, source)} could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
// The command reads its own arguments and name as if it had been started directly.
process.argv = [process.argv[0], source, ...rest];
await import(bundle.href);

// An entry point for test/scripts/run.test.ts: reports what a command started by scripts/run.mjs sees.
import fs from 'node:fs';
import path from 'node:path';
import { HANDBOOK_CORPUS } from '../../lib/evaluation/docs-datasets';
import { DocentError } from '../../lib/errors';

class SampleError extends DocentError {}

process.stdout.write(
  JSON.stringify({
    argv: process.argv.slice(1),
    dirname: import.meta.dirname,
    // A module of lib/ locates its data files from its own folder, not the bundle's.
    handbook: HANDBOOK_CORPUS,
    handbookFiles: fs.readdirSync(HANDBOOK_CORPUS).length,
    errorName: new SampleError('sample', 'x').name,
    sourceMaps: process.sourceMapsEnabled,
    loaders: process.execArgv,
    bundled: path.basename(fs.realpathSync(new URL(import.meta.url).pathname)),
  }) + '\n',
);

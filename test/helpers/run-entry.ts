// An entry point for test/scripts/run.test.ts: reports what a command started by scripts/run.mjs sees.
import fs from 'node:fs';
import { HANDBOOK_CORPUS } from '../../lib/evaluation/docs-datasets';
import { DocentError as BaseError } from '../../lib/errors';

// The same name as lib/errors.ts's class: bundled together, one of them is renamed unless names are kept.
class DocentError extends BaseError {}

process.stdout.write(
  JSON.stringify({
    argv: process.argv.slice(1),
    dirname: import.meta.dirname,
    // A module of lib/ locates its data files from its own folder, not the bundle's.
    handbook: HANDBOOK_CORPUS,
    handbookFiles: fs.readdirSync(HANDBOOK_CORPUS).length,
    errorName: new DocentError('sample', 'x').name,
    sourceMaps: process.sourceMapsEnabled,
    loaders: process.execArgv,
  }) + '\n',
);

import { DocentError, describeError, isStorageProblem } from '../lib/errors';
import { runReindexCommand } from './reindex-command';

// The process the web app starts for a reindex (lib/web/reindex-trigger.ts): the same command as
// `npm run reindex -- --json [--force]`, with its output going to a log file (no terminal, so no
// progress bar). SIGTERM asks for a clean stop: the serving generation stays as it is.

const say = (message: string) => process.stderr.write(`${message}\n`);

runReindexCommand(process.argv.slice(2), {
  say,
  printJson: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  progressBar: () => ({ update() {}, stop() {} }),
  onInterrupt: (stop) => {
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const expected = DocentError.isInstance(error) || isStorageProblem(error);
    say(`docent: ${expected ? '' : 'unexpected error: '}${describeError(error)}`);
    process.exitCode = 1;
  },
);

import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { isDebug } from '../lib/config';
import { DocentError, describeError, isStorageProblem } from '../lib/errors';

// Shared plumbing of the npm scripts: human output and progress bars on stderr, and with
// --json exactly one JSON object as the last line of stdout.

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(options: T, argv = process.argv.slice(2)) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
}

export interface Progress {
  update(done: number, label?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

/** A progress bar on an interactive terminal; silent otherwise (logs and CI stay readable). */
export function progressBar(title: string, total: number): Progress {
  if (!process.stderr.isTTY) return { update() {}, setTotal() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {value}/{total} {percentage}% | {eta_formatted} left | {label}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    update: (done, label) => bar.update(done, { label: (label ?? '').slice(0, 50) }),
    setTotal: (value) => bar.setTotal(value),
    stop: () => bar.stop(),
  };
}

/** Runs a command: typed errors become one clear line and exit code 1, never a stack trace. */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (DocentError.isInstance(error) || isStorageProblem(error) || (error as { name?: string })?.name === 'ZodError') say(`docent: ${describeError(error)}`);
      else say(`docent: unexpected error: ${describeError(error)}${isDebug() ? `\n${(error as Error).stack}` : ''}`);
      process.exitCode = 1;
    },
  );
}

/**
 * First Ctrl-C (or SIGTERM) asks for a clean stop: the documents in hand are finished. A second
 * one exits at once; the persisted job queue resumes the rest next time.
 */
export function onInterrupt(stop: () => void): void {
  let interruptedAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches every process of the group and npm/tsx relay it as well: one key press can
    // arrive two or three times, so repeats within a moment count as the same request.
    if (interruptedAt && Date.now() - interruptedAt < 1500) return;
    if (interruptedAt) {
      say(`docent: ${signal} again, exiting now; unfinished documents resume on next start.`);
      process.exit(130);
    }
    interruptedAt = Date.now();
    say(`docent: ${signal} received, finishing the documents in hand (press Ctrl-C again to exit at once)...`);
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** A progress bar over questions whose total is known only once the first are asked (folds, splits). */
export function questionProgress(title = 'Questions'): { onQuestion: (done: number, total: number) => void; stop: () => void } {
  const bar = progressBar(title, 1);
  return {
    onQuestion: (done, total) => {
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

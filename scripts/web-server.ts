import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserStore, ensureFirstAdmin } from '../lib/auth/users';
import { type Config, childEnvironment } from '../lib/config';
import type { Db } from '../lib/db';
import { DocentError } from '../lib/errors';

// Helpers of `npm start`, `npm run serve` and `npm run dev`: build the Next.js app when its
// sources changed, make sure an admin exists, and run the server as a child process.

const NEXT = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');
const stampOf = (root: string) => path.join(root, '.next', 'docent-build-stamp');
const SOURCES = ['app', 'lib', 'instrumentation.ts', 'next.config.mjs', 'package-lock.json', 'tsconfig.json'];

/**
 * A fingerprint of everything the web build depends on: paths and contents. Not modification times: `npm install`
 * rewrites an unchanged package-lock.json, and a checkout touches files it leaves as they were, and either made the next
 * `npm start` build for a minute (CI's lockfile check did, before every browser test run). Hashing the sources takes
 * a few milliseconds.
 */
export function sourceFingerprint(root = process.cwd()): string {
  const hash = crypto.createHash('sha256');
  const visit = (entry: string) => {
    const file = path.join(root, entry);
    if (!fs.existsSync(file)) return;
    if (fs.statSync(file).isDirectory()) {
      for (const child of fs.readdirSync(file).sort()) visit(path.join(entry, child));
    } else {
      hash.update(`${entry}\0${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}\n`);
    }
  };
  for (const source of SOURCES) visit(source);
  return hash.digest('hex');
}

/** Whether `.next` (under `root`, the working directory by default) holds a build of the sources with this fingerprint. */
export function buildIsCurrent(root = process.cwd(), fingerprint = sourceFingerprint(root)): boolean {
  const stamp = stampOf(root);
  return fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fingerprint;
}

/**
 * Builds the app unless the last build was made from the same sources. The build runs as a child
 * process at low priority, so that `npm start` keeps indexing documents meanwhile: on two cores a
 * build at normal priority starved the first sync for a minute.
 */
export async function buildIfNeeded(log: (message: string) => void, options: { force?: boolean } = {}): Promise<void> {
  // Read once: a build that is not current is stamped with the sources it was started from.
  const fingerprint = sourceFingerprint();
  if (!options.force && buildIsCurrent(process.cwd(), fingerprint)) return;
  log('Building the web app (next build)... this takes a minute the first time.');
  const started = performance.now();
  const child = spawn(process.execPath, [NEXT, 'build'], { stdio: ['ignore', 'inherit', 'inherit'], env: childEnvironment({ NEXT_TELEMETRY_DISABLED: '1' }) });
  try {
    os.setPriority(child.pid!, 10);
  } catch {
    // Not permitted here (or the build already ended): it then runs at normal priority.
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new DocentError('web_build_failed', 'The web app did not build (see the output above).');
  fs.writeFileSync(stampOf(process.cwd()), fingerprint);
  log(`Built the web app in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

export function ensureAdmin(config: Config, db: Db, log: (message: string) => void): void {
  ensureFirstAdmin(new UserStore(db), config.admin, log);
}

/** Starts `next start` (or `next dev`) on the configured port; resolves once it listens. */
export function startNext(config: Config, mode: 'start' | 'dev', log: (message: string) => void): Promise<ChildProcess> {
  const child = spawn(process.execPath, [NEXT, mode, '--port', String(config.port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: childEnvironment({ NEXT_TELEMETRY_DISABLED: '1', DOCENT_DATA_DIR: config.dataDir, PORT: String(config.port) }),
  });
  return new Promise((resolve, reject) => {
    let ready = false;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!ready && /Ready in|started server|Local:/i.test(text)) {
        ready = true;
        log(`Docent is serving on http://localhost:${config.port}`);
        resolve(child);
      }
      if (mode === 'dev') process.stderr.write(text);
    });
    child.once('exit', (code) => {
      if (!ready)
        reject(
          new DocentError(
            'web_start_failed',
            `The web server exited (code ${code}) before it was ready; is port ${config.port} free? Set PORT to use another.`,
          ),
        );
    });
  });
}

/** Stops the web server child, waiting for it to exit (SIGTERM, then SIGKILL after a grace period). */
export async function stopChild(child: ChildProcess | null, graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultsEnvironment } from '../../lib/config';
import { scriptArguments } from '../../scripts/app-process';
import { makePdf } from '../helpers/documents';

// Shared tooling of the fault tests: generated documents, a watcher in a child process that can
// be killed, and a read-only look at its database.

const WORDS = (
  'lantern brass copper kiln glass solder workshop invoice travel hotel meal receipt vacation leave parental sick badge reception ' +
  'laptop password portal security phishing backup server policy manager approval budget quarter report safety gloves fire ' +
  'alarm evacuation parking permit cafeteria lunch menu training course certificate mentor onboarding payroll salary contract ' +
  'holiday schedule shift warehouse delivery supplier customer order return warranty repair inventory audit compliance'
).split(' ');

/** A deterministic pseudo-random generator, so a failing run can be repeated. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, id: string): string {
  const words = Array.from({ length: 8 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  return `Item ${id}: ${words.join(' ')}.`;
}

/** Writes document `index` (Markdown, text or PDF in turn) with text unique to it and `version`. */
export async function writeDocument(folder: string, index: number, version: number, next: () => number): Promise<string> {
  const id = `${index}-v${version}`;
  const paragraphs = Array.from({ length: 3 + Math.floor(next() * 4) }, (_, paragraph) => sentence(next, `${id}-${paragraph}`));
  const kind = index % 5;
  const name = kind === 4 ? `doc-${index}.pdf` : kind >= 2 ? `doc-${index}.txt` : `doc-${index}.md`;
  const file = path.join(folder, `part-${index % 7}`, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 4) fs.writeFileSync(file, await makePdf([paragraphs.slice(0, 2).join(' '), paragraphs.slice(2).join(' ')], { title: `Document ${id}` }));
  else if (kind >= 2) fs.writeFileSync(file, `Document ${id}\n\n${paragraphs.join('\n\n')}\n`);
  else
    fs.writeFileSync(file, `# Document ${id}\n\n## Part one\n\n${paragraphs.slice(0, 2).join('\n\n')}\n\n## Part two\n\n${paragraphs.slice(2).join('\n\n')}\n`);
  return file;
}

export function workspace(prefix: string) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const kb = path.join(root, 'kb');
  const data = path.join(root, 'data');
  fs.mkdirSync(kb);
  return { root, kb, data, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export interface ChildRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts one of the npm scripts' entry points as a child process, the way its npm script does. */
export function startScript(script: string, args: string[], env: Record<string, string>): ChildRun {
  let output = '';
  const child = spawn(process.execPath, [...scriptArguments(script), ...args], {
    cwd: path.resolve('.'),
    env: defaultsEnvironment({ NEXT_TELEMETRY_DISABLED: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, output: () => output, exited };
}

/** SIGKILLs a child that is still running (a test that failed half-way must not leave it behind). */
export async function killIfRunning(run: ChildRun | null): Promise<void> {
  if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGKILL');
  await run.exited;
}

/** Reads the data directory's database without taking part in its writes. */
export function peek<T>(dataDir: string, read: (db: Database.Database) => T): T | null {
  const file = path.join(dataDir, 'docent.db');
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } catch {
    return null;
  } finally {
    db.close();
  }
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((entry) => fs.statSync(path.join(folder, entry)).isFile())
    .map((entry) => entry.split(path.sep).join('/'));
}

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, childEnvironment } from '../config';
import { type Db, getMeta, setMeta } from '../db';
import { ConflictError } from '../errors';
import { ownerIsAlive, processOwner } from '../pipeline-lock';

interface ReindexRun {
  owner: string;
  started_at: string;
  log: string;
  force: boolean;
}

/** The last reindex started from the web app: running, or its result (the JSON line it printed). */
export function reindexState(config: Config, db: Db) {
  const raw = getMeta(db, 'web_reindex');
  if (!raw) return { running: false, last: null };
  const run = JSON.parse(raw) as ReindexRun;
  const running = ownerIsAlive(run.owner);
  let result: unknown = null;
  try {
    const lines = fs.readFileSync(run.log, 'utf8').trim().split('\n');
    result = JSON.parse(lines.at(-1) ?? 'null');
  } catch {
    result = null;
  }
  return { running, last: { started_at: run.started_at, force: run.force, result: running ? null : result, log: path.relative(config.dataDir, run.log) } };
}

/**
 * Starts the reindex command (ingest/reindex-command.ts, what `npm run reindex` runs) as a separate
 * process through its entry point ingest/reindex-process.ts (it builds with worker threads and can
 * take a while); the web app keeps serving the current generation and follows the switch when it comes.
 */
export function startReindex(config: Config, db: Db, options: { force: boolean }) {
  if (reindexState(config, db).running) throw new ConflictError('reindex_running', 'A reindex is already running.');
  const log = path.join(config.dataDir, `reindex-${Date.now()}.log`);
  const out = fs.openSync(log, 'a');
  const script = path.resolve('ingest', 'reindex-process.ts');
  // As plain JavaScript bundled by scripts/run.mjs, as `npm start` runs the watcher: under the tsx loader a process
  // that loads the parsers holds ~150 MB more (docs/benchmarks.md, "No TypeScript loader in the long-lived processes").
  const child = spawn(process.execPath, [path.resolve('scripts', 'run.mjs'), script, '--json', ...(options.force ? ['--force'] : [])], {
    cwd: process.cwd(),
    env: childEnvironment({ DOCENT_DATA_DIR: config.dataDir }),
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  fs.closeSync(out);
  const owner = `${processOwner().split(':')[0]}:${child.pid}`;
  setMeta(db, 'web_reindex', JSON.stringify({ owner, started_at: new Date().toISOString(), log, force: options.force } satisfies ReindexRun));
  return reindexState(config, db);
}

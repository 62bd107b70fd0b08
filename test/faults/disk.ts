import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type ChildRun, killIfRunning, peek, random, startScript, until, workspace, writeDocument } from './workspace';

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

function unmount(target: string): void {
  try {
    execFileSync('umount', [target], { stdio: 'pipe' });
  } catch (error) {
    // Only "not mounted" is expected (a finally after a failed mount); a busy mount must not be
    // hidden, or the workspace would be deleted through a live mount.
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString() ?? '';
    if (!/not mounted|no mount point/i.test(stderr)) throw error;
  }
}

/** Whether this machine lets the test mount a tmpfs and a read-only bind mount (root in CI). */
export function canMount(): { ok: boolean; reason: string } {
  const probe = fs.mkdtempSync('/tmp/docent-mount-probe-');
  try {
    mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    unmount(probe);
    return { ok: true, reason: '' };
  } catch (error) {
    return { ok: false, reason: `mounting a tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})` };
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'docent.db'));
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** One `docent:` line that names the data directory, and no stack trace. */
function oneLineError(output: string, dataDir: string): boolean {
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('docent:'));
  return lines.length > 0 && lines.some((line) => line.includes(dataDir)) && !/\n\s+at /.test(output);
}

/**
 * Read-only data directory, then a full one: clear errors (at start, or at the failing write),
 * no corrupt database (PRAGMA integrity_check), and ingestion resumes once there is room.
 */
export async function diskTest(options: { documents: number; log?: (message: string) => void }) {
  const log = options.log ?? (() => undefined);
  const space = workspace('docent-disk-');
  const next = random(99);
  const env = { DOCENT_DATA_DIR: space.data, DOCENT_JOB_MAX_BACKOFF_S: '2', DOCENT_WATCH_STABILITY_MS: '200' };
  try {
    // 1. A read-only data directory.
    for (let index = 0; index < 5; index += 1) await writeDocument(space.kb, index, 0, next);
    const first = startScript('ingest.ts', [space.kb, '--json'], env);
    if ((await first.exited) !== 0) throw new Error(`the first ingest failed:\n${first.output()}`);
    mount(['--bind', space.data, space.data]);
    mount(['-o', 'remount,bind,ro', space.data]);
    let readOnly: Record<string, unknown>;
    try {
      const status = startScript('status.ts', [], env);
      const statusCode = await status.exited;
      const ingest = startScript('ingest.ts', [space.kb], env);
      const ingestCode = await ingest.exited;
      readOnly = {
        status_exit: statusCode,
        status_error:
          status
            .output()
            .trim()
            .split('\n')
            .find((line) => line.startsWith('docent:')) ?? null,
        ingest_exit: ingestCode,
        ingest_error:
          ingest
            .output()
            .trim()
            .split('\n')
            .find((line) => line.startsWith('docent:')) ?? null,
        clear_errors: oneLineError(status.output(), space.data) && oneLineError(ingest.output(), space.data),
      };
    } finally {
      unmount(space.data);
    }
    readOnly.integrity_after = integrity(space.data);
    log(`read-only: ${JSON.stringify(readOnly)}`);

    // 2. A full disk: the data directory on a small tmpfs, nearly filled by ballast.
    const full = path.join(space.root, 'full');
    fs.mkdirSync(full);
    mount(['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', full]);
    let diskFull: Record<string, unknown>;
    let watcher: ChildRun | null = null;
    try {
      fs.cpSync(space.data, full, { recursive: true, filter: (source) => !source.includes('ocr-languages') });
      const fullEnv = { ...env, DOCENT_DATA_DIR: full };
      const ballast = path.join(full, 'ballast');
      const free = () => {
        const stats = fs.statfsSync(full);
        return stats.bavail * stats.bsize;
      };
      const indexed = () => peek(full, (db) => (db.prepare("select count(*) as n from documents where status = 'indexed'").get() as { n: number }).n) ?? 0;
      const storageError = /disk is full|SQLITE_FULL|no space/i;
      const firstHalf = 5 + Math.floor(options.documents / 2);
      const total = 5 + options.documents;

      // Fills the disk (leaving `leaveBytes`), waits for the watcher to report it, checks it is
      // alive and the database intact, frees the space and times the recovery to `target` documents.
      const fillAndRecover = async (run: ChildRun, leaveBytes: number, target: number, phase: string) => {
        const before = run.output().length;
        fs.writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - leaveBytes)));
        const newOutput = () =>
          run
            .output()
            .slice(before)
            .replace(/OCR is unavailable.*/g, '');
        await until(() => storageError.test(newOutput()) || run.child.exitCode !== null, 180_000, `a write to fail for lack of space (${phase})`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const result = {
          indexed_when_full: indexed(),
          error:
            newOutput()
              .split('\n')
              .find((line) => storageError.test(line))
              ?.trim() ?? null,
          watcher_alive_while_full: run.child.exitCode === null,
          integrity_while_full: peek(full, (db) => String(db.pragma('integrity_check', { simple: true }))),
          resumed_after_s: 0,
        };
        log(`disk full ${phase} after ${result.indexed_when_full} documents: ${result.error}`);
        fs.rmSync(ballast);
        const freedAt = performance.now();
        await until(
          () =>
            peek(full, (db) => (db.prepare("select count(*) as n from jobs where queue = 'live'").get() as { n: number }).n === 0) === true &&
            indexed() >= target,
          180_000,
          `ingestion to resume once there is room (${phase})`,
        ).catch((error: Error) => {
          const state = peek(full, (db) => db.prepare('select status, count(*) as n from documents group by status').all());
          throw new Error(`${error.message}; registry ${JSON.stringify(state)}; watcher output:\n${run.output().split('\n').slice(-25).join('\n')}`);
        });
        result.resumed_after_s = Math.round(((performance.now() - freedAt) / 1000) * 10) / 10;
        return result;
      };

      // a. Full when the watcher starts (300 KB left): it must wait for room, not exit.
      for (let index = 5; index < firstHalf; index += 1) await writeDocument(space.kb, index, 0, next);
      const run = startScript('watch.ts', [space.kb], fullEnv);
      watcher = run;
      const atStart = await fillAndRecover(run, 300 * 1024, firstHalf, 'at start');
      // b. Full in the middle of ingesting: the failing write is reported, retried after room is made.
      for (let index = firstHalf; index < total; index += 1) await writeDocument(space.kb, index, 0, next);
      await until(() => indexed() >= firstHalf + 5, 120_000, 'the second half to start indexing');
      const duringIngest = await fillAndRecover(run, 0, total, 'during ingest');
      run.child.kill('SIGINT');
      const code = await run.exited;
      diskFull = {
        tmpfs_mb: 24,
        documents: total,
        at_start: atStart,
        during_ingest: duringIngest,
        indexed_at_end: indexed(),
        exit_code: code,
        integrity_after: integrity(full),
      };
    } finally {
      await killIfRunning(watcher);
      unmount(full);
    }
    return { read_only: readOnly, disk_full: diskFull };
  } finally {
    unmount(space.data);
    space.remove();
  }
}

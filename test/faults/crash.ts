import fs from 'node:fs';
import path from 'node:path';
import { auditIndex } from './verify-index';
import { type ChildRun, filesUnder, killIfRunning, peek, random, startScript, until, workspace, writeDocument } from './workspace';

export interface CrashOptions {
  documents: number;
  kills: number;
  /** Add, edit, delete and rename files while the watcher runs and between its crashes. */
  churn: boolean;
  seed?: number;
  log?: (message: string) => void;
}

const KILL_STAGES = ['writing', 'embedding', 'extracting'] as const;

/** The stages of the documents in flight at the end of a watcher's DOCENT_DEBUG log. */
function stagesInFlight(lines: string[]): string[] {
  const inFlight = new Map<string, string>();
  for (const line of lines) {
    const stage = /^debug: (.+): (extracting|chunking|embedding|writing)$/.exec(line);
    if (stage) inFlight.set(stage[1]!, stage[2]!);
    const done = /^(indexed|moved|deleted|duplicate|quarantined|retry|unchanged)\s+(\S+)/.exec(line);
    if (done) inFlight.delete(done[2]!);
  }
  return [...new Set(inFlight.values())].sort();
}

/**
 * Crash during ingest: a watcher ingesting a folder is killed with SIGKILL at random moments and
 * restarted each time; at the end the index must equal the folder exactly.
 */
export async function crashTest(options: CrashOptions) {
  const log = options.log ?? (() => undefined);
  const next = random(options.seed ?? 20261121);
  const space = workspace('docent-crash-');
  // DOCENT_DEBUG: the watcher logs each document's stages, so each kill can be placed in one.
  const env = { DOCENT_DATA_DIR: space.data, DOCENT_RENAME_GRACE_MS: '300', DOCENT_WATCH_STABILITY_MS: '200', DOCENT_DEBUG: '1' };
  const started = performance.now();
  const versions = new Map<number, number>();
  let nextIndex = options.documents;
  const changes = { added: 0, edited: 0, deleted: 0, renamed: 0 };
  let running: ChildRun | null = null;
  // A watcher that dies on its own before the kill is a failure of its own, not a crash we caused.
  const unexpectedExits: string[] = [];
  try {
    for (let index = 0; index < options.documents; index += 1) {
      await writeDocument(space.kb, index, 0, next);
      versions.set(index, 0);
    }
    const phases: Record<string, number> = {};
    const churn = async () => {
      for (let step = 0; step < 4; step += 1) {
        const action = Math.floor(next() * 4);
        const existing = [...versions.keys()];
        const target = existing[Math.floor(next() * existing.length)]!;
        const file = filesUnder(space.kb).find((entry) => path.basename(entry).startsWith(`doc-${target}.`));
        if (action === 0 || !file) {
          await writeDocument(space.kb, nextIndex, 0, next);
          versions.set(nextIndex++, 0);
          changes.added += 1;
        } else if (action === 1) {
          const version = (versions.get(target) ?? 0) + 1;
          await writeDocument(space.kb, target, version, next);
          versions.set(target, version);
          changes.edited += 1;
        } else if (action === 2) {
          fs.rmSync(path.join(space.kb, file));
          versions.delete(target);
          changes.deleted += 1;
        } else {
          const moved = path.join(space.kb, 'moved', path.basename(file));
          fs.mkdirSync(path.dirname(moved), { recursive: true });
          if (!fs.existsSync(moved)) {
            fs.renameSync(path.join(space.kb, file), moved);
            changes.renamed += 1;
          }
        }
      }
    };
    for (let kill = 1; kill <= options.kills; kill += 1) {
      const watcher = startScript('watch.ts', [space.kb], env);
      running = watcher;
      let phase: string | null = null;
      let aliveAtKill = true;
      const killNow = () => {
        if (phase !== null) return;
        // What the watcher was doing when it died, from its own log.
        const stages = stagesInFlight(watcher.output().trim().split('\n'));
        phase = stages.length ? stages.join(' + ') : watcher.output().includes('Watching') ? 'between documents' : 'starting or reconciling';
        aliveAtKill = watcher.child.exitCode === null && watcher.child.signalCode === null;
        watcher.child.kill('SIGKILL');
      };
      // Every other kill is aimed at a stage: SIGKILL is sent from the handler of the log line
      // that announces it, so it lands inside that stage (the write stage lasts milliseconds).
      const target = kill % 2 === 0 ? KILL_STAGES[(kill / 2 - 1) % KILL_STAGES.length]! : null;
      const wait = 300 + next() * 4000;
      if (target) {
        const mark = watcher.output().length;
        await new Promise<void>((resolve) => {
          const onData = () => {
            if (watcher.output().slice(mark).includes(`: ${target}\n`)) {
              killNow();
              resolve();
            }
          };
          watcher.child.stdout!.on('data', onData);
          watcher.child.stderr!.on('data', onData);
          // Nothing left in that stage (all indexed): killed after the random wait instead.
          const timer = setTimeout(resolve, 2000 + wait);
          void watcher.exited.then(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      } else {
        // Random moments, after start-up (loading takes a couple of seconds), now and then during it.
        if (next() < 0.85) await until(() => watcher.output().includes('Watching') || watcher.child.exitCode !== null, 60_000, 'the watcher to start');
        if (options.churn) {
          await new Promise((resolve) => setTimeout(resolve, wait / 2));
          await churn();
          await new Promise((resolve) => setTimeout(resolve, wait / 2));
        } else {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      killNow();
      const exit = await watcher.exited;
      const killedIn = phase ?? 'unknown';
      phases[killedIn] = (phases[killedIn] ?? 0) + 1;
      if (!aliveAtKill || exit !== -1)
        unexpectedExits.push(`run ${kill} ended by itself (exit ${exit}): ${watcher.output().trim().split('\n').slice(-3).join(' | ')}`);
      const indexed = peek(space.data, (db) => (db.prepare("select count(*) as n from documents where status = 'indexed'").get() as { n: number }).n) ?? 0;
      log(
        `kill ${kill}/${options.kills} ${target ? `aimed at ${target}` : `after ${(wait / 1000).toFixed(1)} s`} (in flight: ${killedIn}); ${indexed} documents indexed so far`,
      );
      if (options.churn) await churn();
    }
    // A last, uninterrupted run until every job is done, then a clean stop.
    const final = startScript('watch.ts', [space.kb], env);
    running = final;
    await until(
      () =>
        peek(space.data, (db) => {
          const jobs = (db.prepare("select count(*) as n from jobs where queue = 'live'").get() as { n: number }).n;
          const seen = (db.prepare("select count(*) as n from documents where status != 'pending'").get() as { n: number }).n;
          return jobs === 0 && seen >= filesUnder(space.kb).length;
        }) === true && final.output().includes('Watching'),
      600_000,
      'the final run to finish the queue',
    );
    final.child.kill('SIGINT');
    const code = await final.exited;
    const audit = await auditIndex(space.data, fs.realpathSync(space.kb));
    return {
      documents_initial: options.documents,
      kills: options.kills - unexpectedExits.length,
      unexpected_exits: unexpectedExits.length,
      churn: options.churn ? changes : null,
      kill_phases: phases,
      final_exit_code: code,
      ...audit,
      problems: [...unexpectedExits, ...audit.problems],
      duration_s: Math.round(performance.now() - started) / 1000,
    };
  } finally {
    await killIfRunning(running);
    space.remove();
  }
}

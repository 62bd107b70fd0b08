import os from 'node:os';
import type { Db } from './db';
import { deleteMeta, getMeta, setMeta } from './db';
import { PipelineLockedError } from './errors';
import { LIVE_QUEUE } from './jobs';

// One pipeline owns a job queue at a time; its owner is recorded in the database as host:pid.

export function processOwner(): string {
  return `${os.hostname()}:${process.pid}`;
}

export function ownerIsAlive(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== os.hostname()) return true; // another machine's lease: let it expire
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockKey(queue: string): string {
  return `pipeline_owner:${queue}`;
}

/** The pid of another live process holding the pipeline lock of `queue`, if any. */
export function pipelineOwner(db: Db, queue: string = LIVE_QUEUE): number | null {
  const current = getMeta(db, lockKey(queue));
  return current && ownerIsAlive(current) && current !== processOwner() ? Number(current.split(':')[1]) : null;
}

/** Whether any live process (this one included) holds the pipeline lock of `queue`. */
export function pipelineRunning(db: Db, queue: string = LIVE_QUEUE): boolean {
  const current = getMeta(db, lockKey(queue));
  return current !== null && ownerIsAlive(current);
}

/** Claims the pipeline lock of `queue` for `owner`; another live owner keeps it (PipelineLockedError). */
export function claimPipelineLock(db: Db, queue: string, owner: string, dataDir: string): void {
  db.transaction(() => {
    const current = getMeta(db, lockKey(queue));
    if (current && current !== owner && ownerIsAlive(current)) throw new PipelineLockedError(Number(current.split(':')[1]), dataDir);
    setMeta(db, lockKey(queue), owner);
  }).immediate();
}

/** Gives the pipeline lock of `queue` up, if `owner` still holds it. */
export function releasePipelineLock(db: Db, queue: string, owner: string): void {
  if (getMeta(db, lockKey(queue)) === owner) deleteMeta(db, lockKey(queue));
}

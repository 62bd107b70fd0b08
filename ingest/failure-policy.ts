import { DocentError, IndexUnavailableError, describeError } from '../lib/errors';
import type { Job, JobQueue } from '../lib/jobs';
import type { Verdict } from './job-result';
import type { DocumentTransitions } from './transitions';

/** How many times an unexpected (non-transient) failure is retried before the file is quarantined. */
const MAX_UNEXPECTED_ATTEMPTS = 4;

/** Codes of disk and database failures that pass: retrying later may succeed. */
const TRANSIENT_CODES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'ENOSPC',
  'EROFS',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EAGAIN',
];

function isTransient(error: unknown): boolean {
  if (error instanceof DocentError) return error.transient;
  const code = (error as { code?: string } | null)?.code ?? '';
  return TRANSIENT_CODES.some((transient) => code.startsWith(transient));
}

/** The wait before the next attempt: 1 s after the first failure, doubling up to `maxMs`. */
function backoffMs(attempts: number, maxMs: number): number {
  return Math.min(maxMs, 1000 * 2 ** Math.min(attempts, 20));
}

export interface FailureContext {
  transitions: DocumentTransitions;
  jobs: JobQueue;
  maxBackoffMs: number;
  /** The vector index is unreachable: one outage, not one message per waiting document. */
  onOutage: (message: string) => void;
  onError: (error: Error) => void;
}

/**
 * What a failed job becomes. A failure the stages do not name is retried a few times and then
 * quarantined; a transient one (an outage, a full disk) is retried with backoff for as long as it
 * lasts.
 */
export function settleFailure(job: Job, error: unknown, context: FailureContext): Verdict {
  const message = describeError(error);
  const attempts = job.attempts + 1;
  if (!isTransient(error) && attempts >= MAX_UNEXPECTED_ATTEMPTS) {
    try {
      return context.transitions.quarantineAfterFailures(job, attempts, message);
    } catch {
      // The database itself is failing: the job is retried instead (rescheduling reports its own failure).
    }
  }
  const delayMs = backoffMs(job.attempts, context.maxBackoffMs);
  try {
    context.jobs.retryLater(job, message, delayMs);
  } catch (retryError) {
    context.onError(new Error(`Could not reschedule ${job.path}: ${describeError(retryError)}`));
  }
  if (error instanceof IndexUnavailableError) context.onOutage(message);
  else context.onError(new Error(`${job.path}: ${message.replace(/\.$/, '')}; retrying in ${Math.round(delayMs / 1000)} s.`));
  return { outcome: 'retry', detail: message };
}

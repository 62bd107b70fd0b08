import type { Job } from '../lib/jobs';
import type { ReasonCode } from '../lib/registry';

export type Outcome = 'indexed' | 'unchanged' | 'quarantined' | 'duplicate' | 'deleted' | 'moved' | 'retry';

/** What processing one job came to: the document's outcome and what the log and counters show of it. */
export interface Verdict {
  outcome: Outcome;
  reason?: ReasonCode | null;
  detail?: string | null;
  chunks?: number;
  embedded?: number;
}

/** A processed job, as the pipeline reports it to its listeners. */
export interface JobResult extends Verdict {
  job: Job;
  durationS: number;
}

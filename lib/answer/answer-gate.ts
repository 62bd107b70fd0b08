import pLimit, { type LimitFunction } from 'p-limit';

/**
 * How many questions are worked on at once; the others wait their turn in the order they came.
 * Without it a burst of askers all hold their passages, sentences and scores in memory at the same
 * time, while two cores work on a few of them anyway (docs/benchmarks.md, "Questions worked on at once").
 */
export class AnswerGate {
  private readonly limit: LimitFunction;

  constructor(size: number) {
    this.limit = pLimit(size);
  }

  /** Waits for a turn; the returned function ends it (call it exactly once, in a `finally`). */
  enter(): Promise<() => void> {
    return new Promise((entered) => {
      void this.limit(() => new Promise<void>((leave) => entered(() => leave())));
    });
  }

  /** Questions waiting for a turn now. */
  get waiting(): number {
    return this.limit.pendingCount;
  }
}

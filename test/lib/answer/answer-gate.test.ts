import { describe, expect, it } from 'vitest';
import { AnswerGate } from '@/lib/answer/answer-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AnswerGate', () => {
  it('lets in at most its size at once, and the others in the order they came as turns end', async () => {
    const gate = new AnswerGate(2);
    const entered: number[] = [];
    const leaves = new Map<number, () => void>();
    for (const asker of [1, 2, 3, 4, 5]) {
      void gate.enter().then((leave) => {
        entered.push(asker);
        leaves.set(asker, leave);
      });
    }
    await tick();
    expect(entered).toEqual([1, 2]);
    expect(gate.waiting).toBe(3);

    leaves.get(2)!();
    await tick();
    expect(entered).toEqual([1, 2, 3]);

    leaves.get(1)!();
    leaves.get(3)!();
    await tick();
    expect(entered).toEqual([1, 2, 3, 4, 5]);
    expect(gate.waiting).toBe(0);
  });

  it('gives a turn ended by a failure to the next in line', async () => {
    const gate = new AnswerGate(1);
    const work = async (fail: boolean) => {
      const leave = await gate.enter();
      try {
        if (fail) throw new Error('the workflow failed');
        return 'answered';
      } finally {
        leave();
      }
    };
    const results = await Promise.allSettled([work(true), work(false)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
  });
});

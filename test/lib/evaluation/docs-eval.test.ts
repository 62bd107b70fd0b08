import { describe, expect, it } from 'vitest';
import type { ConfidenceModel } from '../../../lib/answer/signals';
import { SIGNAL_NAMES } from '../../../lib/answer/signals';
import { type AnswerObservation, answeredUnder, measureDocs } from '../../../lib/evaluation/docs-eval';

// eval:docs' figures from answers: what counts as answered, wrong and escalated, under one model or, for calibrate's
// out-of-fold check, under whatever decided each answer.

const model: ConfidenceModel = {
  bias: 0,
  weights: { ...(Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0])) as ConfidenceModel['weights']), answer_coverage: 1 },
  threshold: 0.6,
};
// With that model a coverage of 1 scores 0.73 (answered) and 0 scores 0.5 (escalated).
const observation = (id: string, coverage: number, recall: number, inIndex = true): AnswerObservation => ({
  id,
  group: 'dmv',
  split: 'b',
  answerable: true,
  inIndex,
  forced: false,
  score: 0,
  signals: { answer_coverage: coverage },
  answer: '',
  recall,
  right: null,
  seconds: 0.1,
});

const answers = [
  observation('right', 1, 0.8),
  observation('wrong', 1, 0.1),
  observation('escalated', 0, 0.9),
  observation('out of index, answered', 1, 0, false),
  observation('out of index, escalated', 0, 0, false),
];

describe('eval:docs figures', () => {
  it('counts an out-of-index answer as wrong and escalation of it as right', () => {
    const figures = measureDocs(answers, model);
    expect(figures.answered_rate).toBeCloseTo(2 / 3, 3);
    expect(figures.answered_but_wrong_rate).toBeCloseTo(2 / 3, 3);
    expect(figures.span_covered_rate).toBe(0.5);
    expect(figures.out_of_index.escalated_rate).toBe(0.5);
  });

  it('measures answers decided one by one, as the out-of-fold check of calibrate scores them, as a model would', () => {
    expect(measureDocs(answers, (item) => answeredUnder(item, model))).toEqual(measureDocs(answers, model));
    const onlyTheRightOne = measureDocs(answers, (item) => item.id === 'right');
    expect(onlyTheRightOne.answered_but_wrong_rate).toBe(0);
    expect(onlyTheRightOne.out_of_index.escalated_rate).toBe(1);
  });
});

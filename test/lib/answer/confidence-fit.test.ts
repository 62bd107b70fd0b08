import { describe, expect, it } from 'vitest';
import { confidenceScore, fitConfidenceModel } from '../../../lib/answer/confidence';
import type { ConfidenceSignals } from '../../../lib/answer/events';

describe('fitting the confidence model', () => {
  it('never lets a signal count against answering, even where the data pair it with right answers', () => {
    // Right answers have high lexical coverage; in these data they also happen to be the quotes that fail the type check.
    const samples = Array.from({ length: 200 }, (_, index): { signals: ConfidenceSignals; label: 0 | 1 } => {
      const right = index % 2 === 0;
      const lexical = right ? 0.6 + (index % 7) / 20 : 0.2 + (index % 5) / 20;
      return { signals: { lexical_coverage: lexical, type_fit: right ? (index % 4 === 0 ? 0 : 1) : 1 }, label: right ? 1 : 0 };
    });
    const { weights, bias } = fitConfidenceModel(samples, { iterations: 2000 });
    expect(weights.lexical_coverage).toBeGreaterThan(1);
    expect(weights.type_fit).toBe(0);
    const model = { weights, bias, threshold: 0.5 };
    // A quote that fits the question's type never scores below one that does not, all else equal.
    expect(confidenceScore({ lexical_coverage: 0.7, type_fit: 1 }, model)).toBeGreaterThanOrEqual(
      confidenceScore({ lexical_coverage: 0.7, type_fit: 0 }, model),
    );
  });
});

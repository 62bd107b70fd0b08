import { describe, expect, it } from 'vitest';
import { containsEvidence, spanRecall } from '../../../lib/evaluation/answer-judge';

describe('judging answers against evidence', () => {
  it('finds the evidence whatever the Markdown, case and punctuation', () => {
    expect(containsEvidence('Quoting the documents:\n“Receipts are due **within 30 days** of the expense.” [1]', 'due within 30 days')).toBe(true);
    expect(containsEvidence('“Receipts are due within 3 days.” [1]', 'within 30 days')).toBe(false);
  });

  it('finds a table row quoted with its column headers, cell by cell and in order', () => {
    const row = '| October 17, 2025     | Self-assessment submittal due date |';
    expect(containsEvidence('“Date: October 17, 2025; Item: Self-assessment submittal due date” [1]', row)).toBe(true);
    expect(containsEvidence('“Date: October 18, 2025; Item: Self-assessment submittal due date” [1]', row)).toBe(false);
    expect(containsEvidence('“Item: Self-assessment submittal due date; Date: October 17, 2025” [1]', row)).toBe(false);
  });

  it("measures the share of a gold span's content words in the answer", () => {
    expect(spanRecall('Read the letter carefully and contact your insurance company.', 'Contact your insurance company at once.')).toBeCloseTo(3 / 6, 5);
    expect(spanRecall('Read the letter carefully.', 'Nothing related.')).toBe(0);
  });
});

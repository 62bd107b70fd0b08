import { describe, expect, it } from 'vitest';
import { isFollowUp, offlineFollowUp, weightOwnTerms } from '../../../lib/answer/follow-up';
import { tokenize } from '../../../lib/text/tokenize';

const idf = new Map(
  tokenize('request time off vacation hotel limit night meals password rules long take weekend salary paid').map((term, index) => [term, 1 + index / 10]),
);

describe('follow-up questions', () => {
  it('reads a follow-up against the previous question', () => {
    expect(isFollowUp('and how long does that take?')).toBe(true);
    expect(offlineFollowUp('and how long does that take?', ['How do I request time off?'], idf)).toMatch(/^and how long does that take\? .*request/);
    expect(offlineFollowUp('and for meals?', ['What is the hotel limit per night?'], idf)).toContain('limit');
    expect(offlineFollowUp('what if that falls on a weekend?', ['When is salary paid?'], idf)).toContain('salari');
  });

  it('does not carry the previous question into a new question on its own topic', () => {
    expect(isFollowUp('What are the password rules?')).toBe(false);
    expect(offlineFollowUp('What are the password rules?', ['What is the hotel limit per night?'], idf)).toBe('What are the password rules?');
    expect(offlineFollowUp('Is there a gym discount for employees?', ['How many vacation days do I get?'], idf)).toBe('Is there a gym discount for employees?');
  });

  it('follows a chain of follow-ups back to the topic they share', () => {
    const history = ['and the weekend?', 'When is salary paid?']; // newest first
    expect(offlineFollowUp('and what about holidays?', history, idf)).toContain('salari');
  });

  it("weighs the follow-up's own terms above the carried topic", () => {
    const weighted = weightOwnTerms(idf, 'how long does it take');
    expect(weighted.get('long')).toBe(idf.get('long')! * 2);
    expect(weighted.get('request')).toBe(idf.get('request'));
  });
});

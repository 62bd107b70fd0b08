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
    expect(offlineFollowUp('what if that falls on a weekend?', ['When is salary paid?'], idf)).toContain('salary');
  });

  it('carries the words as the asker wrote them, in their order, for the embedder to read', () => {
    // Stems by rarity ("dai vacat") are the same search but no sentence the embedder knows: a follow-up's draft was
    // compared with "can I carry them over? dai vacat" and escalated (0.58) where "Can I carry over unused vacation
    // days?" was answered (0.95).
    const stats = new Map([...tokenize('vacation days'), ...tokenize('request time off')].map((term, index) => [term, 5 - index]));
    const carried = offlineFollowUp('can I carry them over?', ['How many vacation days do I get?'], stats);
    expect(carried).toBe('can I carry them over? vacation days');
    expect(offlineFollowUp('and how long does that take?', ['How do I request time off?'], stats)).toBe('and how long does that take? request time off');
    // The search reads the same terms the stems gave.
    expect(tokenize(carried).sort()).toEqual([...tokenize('can I carry them over?'), ...tokenize('vacation days')].sort());
  });

  it('does not carry the previous question into a new question on its own topic', () => {
    expect(isFollowUp('What are the password rules?')).toBe(false);
    expect(offlineFollowUp('What are the password rules?', ['What is the hotel limit per night?'], idf)).toBe('What are the password rules?');
    expect(offlineFollowUp('Is there a gym discount for employees?', ['How many vacation days do I get?'], idf)).toBe('Is there a gym discount for employees?');
  });

  it('follows a chain of follow-ups back to the topic they share', () => {
    const history = ['and the weekend?', 'When is salary paid?']; // newest first
    expect(offlineFollowUp('and what about holidays?', history, idf)).toContain('salary');
  });

  it("weighs the follow-up's own terms above the carried topic", () => {
    const weighted = weightOwnTerms(idf, 'how long does it take');
    expect(weighted.get('long')).toBe(idf.get('long')! * 2);
    expect(weighted.get('request')).toBe(idf.get('request'));
  });
});

import { describe, expect, it } from 'vitest';
import { askingTerms, namedTerms } from '../../../lib/answer/question-type';
import { tokenize } from '../../../lib/text/tokenize';

const term = (word: string) => tokenize(word, 'en')[0]!;

describe('the words that ask', () => {
  it('are the word after "how" when it asks for a degree, not a word "how" introduces', () => {
    expect(askingTerms('How long is sick leave paid?').has(term('long'))).toBe(true);
    expect(askingTerms('How often is the fire alarm tested?').has(term('often'))).toBe(true);
    // doc2dial: "I need help with understanding how financial aid works." asks about financial aid.
    expect(askingTerms('I need help with understanding how financial aid works.').has(term('financial'))).toBe(false);
    expect(askingTerms('How VA education benefits work for survivors').has(term('va'))).toBe(false);
  });

  it('include the verb of "how long does it take", "need" before a verb, "until when", the kind of answer after "what" and pronouns the stop set lacks', () => {
    // hb-03: "and how long does that take?" quoted "…at most 5 consecutive vacation days" for "take".
    expect(askingTerms('and how long does that take?').has(term('take'))).toBe(true);
    const sick = askingTerms('When do I need to tell my manager that I am sick?');
    expect(['need', 'am'].every((word) => sick.has(term(word)))).toBe(true);
    expect(['tell', 'manager', 'sick'].some((word) => sick.has(term(word)))).toBe(false);
    expect(askingTerms('until when do I have to take them?').has(term('until'))).toBe(true);
    expect(askingTerms('can I carry them over?').has(term('them'))).toBe(true);
    // Where they name what is asked about, they stay.
    expect(askingTerms('Do I need a passport?').has(term('need'))).toBe(false);
    expect(askingTerms('Can I take the train?').has(term('take'))).toBe(false);
    expect(askingTerms('Is the office open until 6?').has(term('until'))).toBe(false);
    // The kind of answer after "what": "…in 1206" answers "In what year…" without the word.
    expect(askingTerms('In what year did Genghis Khan become Great Khan?').has(term('year'))).toBe(true);
    expect(askingTerms('What type of lamp was used?').has(term('type'))).toBe(true);
    expect(askingTerms('What time off do I get?').has(term('time'))).toBe(false);
    expect(askingTerms('How many days a year do I get?').has(term('year'))).toBe(false);
  });

  it('include "deadline", which the answer gives as a date or a period without the word', () => {
    // hb-62: "is there a deadline for that?" is answered by "The stipend must be claimed within 6 months…".
    const deadline = askingTerms('is there a deadline for claiming the home office stipend?');
    expect(deadline.has(term('deadline'))).toBe(true);
    expect(['home', 'office', 'stipend'].some((word) => deadline.has(term(word)))).toBe(false);
    // Asked alone, it is all there is to cover.
    const alone = tokenize('What is the deadline?', 'en');
    expect(namedTerms(alone, askingTerms('What is the deadline?'), 'en')).toEqual(alone);
  });
});

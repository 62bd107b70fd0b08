import type { SearchResult } from '../retrieval';
import { tokenize } from '../text/tokenize';
import type { Candidate } from './candidates';
import type { Citation } from './events';
import { citationFor, type UsedSentence } from './generate';
import type { QuestionType } from './question-type';
import { asks } from './unit-traits';

/** A unit of the passages chosen for a quote, in the order it is quoted. */
export type QuotedUnit = UsedSentence;

/**
 * The quote as the asker reads it: each unit in quotation marks with its passage's number, numbered in the order
 * passages are first quoted; one citation per passage, quoting all of its units.
 */
export function quoteUnits(units: QuotedUnit[], results: SearchResult[]): { body: string; citations: Citation[]; answerBody: string } {
  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  for (const unit of units) {
    if (numbers.has(unit.result)) continue;
    const n = citations.length + 1;
    numbers.set(unit.result, n);
    const quote = units
      .filter((other) => other.result === unit.result)
      .map((other) => other.text)
      .join(' ');
    citations.push(citationFor(results[unit.result]!, n, quote));
  }
  return {
    body: units.map((unit) => `“${unit.text}” [${numbers.get(unit.result)}]`).join('\n'),
    citations,
    answerBody: units.map((unit) => unit.text).join(' '),
  };
}

// Question types answered by what they ask for first: a duration, an amount, a version, a place, a yes or no, what a
// thing is.
export const ANSWER_FIRST = new Set<QuestionType>(['duration', 'quantity', 'version', 'location', 'yes_no', 'definition']);

/**
 * The first sentence before `answer` in its section that names something the question asks about: what the section
 * says it is about, when the passage holds it. One that points elsewhere or says what its page covers, a heading's fragment ("lawsuit and your federal student loans.") and a
 * page's boilerplate ("Our mission is to deliver…") are not.
 */
export function sectionOpener(candidates: Candidate[], answer: Candidate, named: string[], language?: string): Candidate | undefined {
  if (answer.unit.kind !== 'sentence') return undefined;
  return candidates.find(
    (candidate) =>
      candidate.result === answer.result &&
      candidate.index < answer.index &&
      candidate.unit.heading === answer.unit.heading &&
      candidate.unit.kind === 'sentence' &&
      !asks(candidate.unit) &&
      !candidate.unit.dangling &&
      !/^\p{Ll}/u.test(candidate.unit.text) &&
      tokenize(candidate.unit.text, language).some((term) => named.includes(term)),
  );
}

import { tokenize } from '../text/tokenize';
import { asks, standsBeside } from './unit-traits';
import type { AnswerUnit } from './units';

/** A unit of the retrieved passages the extractive answerer weighs as (part of) the answer. */
export interface Candidate {
  unit: AnswerUnit;
  /** Whether it may be the answer itself, not only complete one (see wholeBlocks). */
  eligible: boolean;
  /** Its passage's position among the retrieved results. */
  result: number;
  /** Its index among the passage's units (AnswerUnit.completesWith and partOf point at these). */
  index: number;
  /** Its section's heading: the unit's own sub-heading, or the last level of its passage's heading path. */
  heading: string | null;
  /**
   * IDF-weighted share of the question's terms it holds, read under its section's heading: "The monthly limit is 3,000
   * EUR." under "Corporate card" covers "Is there a limit on the corporate card?" as much as a sentence that names the
   * card does, so a sentence under the section that answers does not lose to one that repeats the question's words.
   */
  coverage: number;
  similarity: number;
  fit: number;
  /** Share of the question's terms its section's heading holds. */
  titled: number;
  score: number;
}

/**
 * The first sentence of the answer's section, in its passage, that names something the question asks about: what the
 * section says it is about. After a question the document asks (a FAQ's), the section is that question's answer. Not
 * one that points elsewhere or announces a list it would come without, nor a heading's fragment ("lawsuit and your
 * federal student loans.") or boilerplate that names nothing asked about ("Our mission is to deliver…"); `candidates`
 * holds no line that only repeats the question.
 */
export function sectionOpener(candidates: Candidate[], answer: Candidate, named: string[], language?: string): Candidate | undefined {
  if (answer.unit.kind !== 'sentence') return undefined;
  const section = candidates.filter(
    (candidate) => candidate.result === answer.result && candidate.index < answer.index && candidate.unit.heading === answer.unit.heading,
  );
  const asked = section.findLastIndex((candidate) => asks(candidate.unit));
  return section
    .slice(asked + 1)
    .find(
      (candidate) =>
        standsBeside(candidate.unit) &&
        candidate.unit.carries === undefined &&
        !/^\p{Ll}/u.test(candidate.unit.text) &&
        tokenize(candidate.unit.text, language).some((term) => named.includes(term)),
    );
}

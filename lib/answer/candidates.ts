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

// What an answer unit is, read from its own text: too short to answer, a heading, a labelled fact, a question the
// document asks, a section named after a task, a sentence that refers back to the one before it, a table whose column
// the question names.
import { readAsEnglish } from '../text/language';
import { textAmount } from '../text/text-amount';
import { writtenWithoutSpaces } from '../text/scripts';
import { tokenize } from '../text/tokenize';
import type { AnswerUnit } from './units';

// A sentence of fewer than three words ("See below.") answers nothing; Chinese, Japanese and Thai
// write a sentence without spaces, so there its length counts instead.
export const substantial = (sentence: string) => sentence.split(/\s+/).length >= 3 || (writtenWithoutSpaces(sentence) && textAmount(sentence) >= 12);
// A line in title case without a full stop ("Share Positive Feedback") is a heading or a link's text, not a
// statement; only English marks it so (German capitalises every noun).
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with', 'your']);
export const titleLike = (unit: AnswerUnit, language: string | undefined) =>
  (language === 'en' || language === undefined) &&
  unit.partOf === undefined &&
  !/[.!?;:]["”’)]*$/u.test(unit.text) &&
  unit.text
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word) && !MINOR_WORDS.has(word.toLowerCase()))
    .every((word) => /^["“(]?\p{Lu}/u.test(word));
// A list item of a label and its value ("Default: 4173", "Deadline: 3 days") is a fact of its own, however short; read
// under its section's heading ("preview.port"), as a table row is.
const LABELLED = /^[\p{L}][\p{L}\p{N} ./-]{0,40}:\s*\S/u;
export const labelled = (unit: AnswerUnit) => unit.partOf !== undefined && LABELLED.test(unit.text);
// A block's heading names it ("Password rules"), and a labelled item's heading names what its label is about.
export const readWithHeading = (unit: AnswerUnit) => unit.kind !== 'sentence' || labelled(unit);

// Question marks: Latin, full-width (Chinese, Japanese), Arabic, Greek; a form's question may end with its choices
// ("How long will the term be renewed for? (6 months, 1 year, 2 years)").
const ASKS = /[?？؟\u037E]["”’»)]*(?:\s*[(（][^()（）]*[)）])?$/u;
/** Whether an answer unit is a question the document asks (a FAQ's, a form's): what follows it answers, not it. */
export const asks = (unit: Pick<AnswerUnit, 'kind' | 'text'>) => unit.kind === 'sentence' && ASKS.test(unit.text);

// A section named after a task ("How to report", "To request leave", "Donating leave"): for a how-to question whose
// words hold every word of the task, that section is the procedure asked for, whatever else nearby repeats more of the
// question.
const TASK_HEADING = /^(?:how (?:to|do (?:i|you|we)|can (?:i|you|we))|to)\s+(.+)$/i;
const DOING = /^\p{L}{2,}ing\s+\S/iu;
export const namesTask = (heading: string | null, terms: string[], language: string | undefined) => {
  const trimmed = heading?.trim() ?? '';
  const task = TASK_HEADING.exec(trimmed)?.[1] ?? (DOING.test(trimmed) ? trimmed : null);
  const words = task ? tokenize(task, language) : [];
  return words.length > 0 && words.every((word) => terms.includes(word));
};

/**
 * Whether `other` (at `index`) is already quoted when `unit` (at `at`, in the same passage) is: an item or row of it, the
 * list or table it is an item of, itself, or a sentence it carries.
 */
export const quotedWith = (at: number, unit: AnswerUnit, index: number, other: AnswerUnit) =>
  other.partOf === at || unit.partOf === index || (index >= at && index <= at + (unit.carries ?? 0));

/**
 * Whether a unit may be quoted as a sentence beside the answer (its continuation, a further sentence, a section's
 * opening rule): a sentence that neither sends the reader elsewhere nor announces a list, table or code block, which
 * would come without what it announces.
 */
export const standsBeside = (unit: AnswerUnit) => unit.kind === 'sentence' && !unit.dangling && unit.completesWith === undefined;

// A sentence that refers back to the one before it: a pronoun first, or a verb whose object is one ("Request one from…").
const CONTINUES =
  /^(?:it|this|that|these|those|they|them|its|their|such|he|she|his|her)\b(?!\s+(?:page|section|guide|article|document|chapter)\b)|^\w+\s+(?:one|it|them)\b/i;
export const continuesPrevious = (text: string) => CONTINUES.test(text);

/**
 * Whether a sentence ends on the question's own words ("…ป้องกันการโจมตีของชาวเผ่า" for "ชาวเผ่าใดที่…", which tribe;
 * "…成为史上年龄最大的四分卫。" for "谁曾是…年龄最大的四分卫记录保持者？"): what the question asks for most often follows,
 * in the next sentence. Thai marks no sentence end, so its cut was a guess; in the other languages the next sentence
 * names what this one leads up to. English keeps its own cue (a sentence that opens by referring back, `continuesPrevious`).
 */
export const endsOnQuestion = (text: string, questionTerms: string[], language: string) => {
  const last = tokenize(text, language).at(-1);
  return last !== undefined && questionTerms.includes(last);
};

// The words that open a question and a column named after what it asks: "Who approves my expense report?" and the column
// "Who approves". English only.
const ASKED = /^(who|whom|when|where|which|what|how (?:much|many|long|often|soon))\b/i;

/**
 * Which tables have a column that is what the question asks for: the column's name opens with the question's asking
 * words and holds one of its terms ("Who approves" for "Who approves my expense report?"), so the table's rows answer it.
 * The question is read once, and each table's column names once (its rows share them).
 */
export function columnAsked(question: string, terms: string[], language: string | undefined): (unit: AnswerUnit) => boolean {
  const asked = readAsEnglish(language) ? ASKED.exec(question.trim())?.[1]?.toLowerCase() : undefined;
  if (!asked) return () => false;
  const names = (columns: string[]) =>
    columns.some((column) => ASKED.exec(column.trim())?.[1]?.toLowerCase() === asked && tokenize(column, language).some((word) => terms.includes(word)));
  const read = new Map<string[], boolean>();
  return ({ columns }) => columns !== undefined && (read.get(columns) ?? read.set(columns, names(columns)).get(columns)!);
}

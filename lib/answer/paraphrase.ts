import { foldText } from '../text/fold';
import { tokenize } from '../text/tokenize';
import { FRAME_WORDS, IGNORED_WORDS, PHRASES, QUESTION_KINDS, SYNONYM_GROUPS, TIME_WORDS } from './paraphrase-lexicon';
import { PARAPHRASE_FEATURES, type ParaphraseFeatures, type ParaphraseModel } from './paraphrase-model';

// Whether two questions ask the same thing: serving a reviewed answer to a new question, and
// folding a repeated question into the open review item. Dense similarity alone cannot do it: a
// near-miss that swaps the thing asked about ("dogs" → "cats", "annual" → "sick" leave) keeps the
// sentence's shape and scores higher than a real rewording. So the score also weighs the salient
// words: shared ones count for; a content word of the reviewed question missing from the new one
// counts against (a swap: "dogs" → "cats"); one the new question adds counts against less, since
// a narrower question ("… on Fridays?") is still answered by the reviewed answer.

interface Term {
  raw: string;
  stem: string;
  /** The stem and the synonym groups the word belongs to. */
  concepts: Set<string>;
  frame: boolean;
  /** A when-qualifier ("Fridays", "holidays"). */
  time: boolean;
  number: boolean;
}

const THAI = /\p{Script=Thai}/u;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
const stemOf = (word: string) => tokenize(word)[0] ?? word;
const FRAME = new Set(FRAME_WORDS.split(/\s+/).filter(Boolean).map(stemOf));
const IGNORED = new Set(IGNORED_WORDS.split(/\s+/).filter(Boolean).map(stemOf));
const TIMES = new Set(TIME_WORDS.split(/\s+/).filter(Boolean).map(stemOf));
// Times that are also what a question is about ("holiday pay", "how many public holidays").
const NAMED_TIMES = new Set(['vacation', 'holiday', 'publicholiday'].map(stemOf));
const GROUPS = new Map<string, string[]>();
SYNONYM_GROUPS.forEach((group, index) => {
  for (const stem of new Set(group.split(/\s+/).map(stemOf))) GROUPS.set(stem, [...(GROUPS.get(stem) ?? []), `=${index}`]);
});
// Function words a typo turns into something tokenize keeps ("waht", "teh"): they count as framing.
const FUNCTION_WORDS = 'what which where when who how can could should would does the your you their there this that with have are for from about'.split(' ');

/** The optimal-string-alignment distance of `a` and `b` (a transposition is one edit), or `limit + 1` once it must exceed `limit`. */
function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, column) => column);
  for (let i = 1; i <= a.length; i += 1) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row[j] = best;
      smallest = Math.min(smallest, best);
    }
    // Every later row is at least this row's smallest value: comparing a question with hundreds of open ones
    // stops here for nearly every pair of words.
    if (smallest > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * A typo apart: one edit in words of 4+ letters, two in words of 10+. A different letter in a short
 * word is another word as often as a typo ("remove", "remote"), so there only a letter missing,
 * added or two swapped count, and in three-letter words only two swapped ("dgo").
 */
function typoClose(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3 || Math.abs(a.length - b.length) > 2) return false;
  const distance = editDistance(a, b, shorter >= 10 ? 2 : 1);
  if (shorter === 3) return a.length === b.length && distance === 1 && [...a].sort().join('') === [...b].sort().join('');
  if (shorter < 7 && a.length === b.length && distance === 1) return [...a].sort().join('') === [...b].sort().join('');
  return distance <= (shorter >= 10 ? 2 : 1);
}

/** Two letters swapped ("waht"): other edits of a short function word are real words too ("cold"). */
function mistypedFunctionWord(raw: string): boolean {
  const letters = [...raw].sort().join('');
  return FUNCTION_WORDS.some((word) => word.length === raw.length && [...word].sort().join('') === letters && editDistance(raw, word) === 1);
}

// A new question is compared with every open escalation (up to 500) and every reviewed answer: their wording and
// terms are kept rather than read again each time (the queue's questions come back with every comparison).
const CACHE_SIZE = 5000;

function cachedBy<T>(read: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = read(text);
      cache.set(text, value);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return value;
  };
}

/** Lowercased, accents and punctuation gone: questions equal under this are the same question. */
export const normaliseQuestion: (text: string) => string = cachedBy(foldText);

const termsOf: (text: string) => readonly Term[] = cachedBy(readTerms);

function readTerms(text: string): Term[] {
  // "IT" the department, not the pronoun the tokenizer drops.
  let folded = normaliseQuestion(text.replace(/['’]s\b/gu, '').replace(/\bIT\b/g, 'infotech'));
  for (const [pattern, replacement] of PHRASES) folded = folded.replace(pattern, ` ${replacement} `);
  const terms = new Map<string, Term>();
  // Thai writes words without spaces: read as a language-less text it became dozens of character pairs, and comparing
  // a Thai question with 500 open escalations took seconds.
  const thai = THAI.test(folded) ? 'th' : undefined;
  for (const match of folded.matchAll(WORD)) {
    const raw = match[0];
    for (const stem of tokenize(raw, thai)) {
      if (terms.has(stem) || IGNORED.has(stem)) continue;
      const concepts = new Set([stem, ...(GROUPS.get(stem) ?? [])]);
      // "parcels delivered", "pay my salary": two words for one thing count once.
      if ([...terms.values()].some((term) => [...concepts].some((concept) => concept.startsWith('=') && term.concepts.has(concept)))) continue;
      const time = TIMES.has(stem);
      const frame = FRAME.has(stem) || (time && !NAMED_TIMES.has(stem)) || mistypedFunctionWord(raw);
      terms.set(stem, { raw, stem, concepts, frame, time, number: /^\p{N}+$/u.test(stem) });
    }
  }
  return [...terms.values()];
}

/** A framing word ("allowed", "need", "days") weighs `frameWeight` against a content word's 1. */
const weightOf = (term: Term, frameWeight: number) => (term.frame ? frameWeight : 1);

/** The other question has the word, a synonym, another form or a typo of it. */
const coveredBy = (terms: readonly Term[], term: Term) => terms.some((other) => sameTerm(term, other));

function sharesConcept(a: Term, b: Term): boolean {
  for (const concept of a.concepts) if (b.concepts.has(concept)) return true;
  return false;
}

function sameTerm(a: Term, b: Term): boolean {
  if (sharesConcept(a, b)) return true;
  // Numbers never match approximately ("25 days" is not "26 days"), nor do words of other synonym groups.
  if (a.number || b.number || (a.concepts.size > 1 && b.concepts.size > 1)) return false;
  const [shorter, longer] = a.stem.length <= b.stem.length ? [a.stem, b.stem] : [b.stem, a.stem];
  // "print" and "printer", "aid" and "aider": the stemmer leaves some derived forms apart.
  if ((shorter.length >= 5 && longer.startsWith(shorter)) || longer === `${shorter}er`) return true;
  return typoClose(a.raw, b.raw) || ((a.stem !== a.raw || b.stem !== b.raw) && typoClose(a.stem, b.stem));
}

/** Yes-or-no and how-to questions only conflict with one asking how much ("is it paid?", "how long is it?"). */
function differentKinds(a: string | null, b: string | null): boolean {
  if (!a || !b || a === b) return false;
  const soft = (kind: string) => kind === 'yes or no' || kind === 'how to';
  return (!soft(a) && !soft(b)) || a === 'amount' || b === 'amount';
}

/** Both questions say when, and not the same when. */
function differentTimes(left: readonly Term[], right: readonly Term[]): boolean {
  const times = (terms: readonly Term[]) => terms.filter((term) => term.time);
  const [a, b] = [times(left), times(right)];
  return a.length > 0 && b.length > 0 && !a.some((term) => b.some((other) => sameTerm(term, other)));
}

function kindOf(text: string): string | null {
  const folded = normaliseQuestion(text);
  return QUESTION_KINDS.find(([pattern]) => pattern.test(folded))?.[1] ?? null;
}

/**
 * The features of new question `b` against reviewed (or already queued) question `a`: their dense
 * similarity, how much salient wording they share, what of `a` is missing from `b` (a swapped or
 * dropped key word), what `b` adds (a qualifier, "… on Fridays"), and whether they ask for a
 * different kind of answer (who against when).
 */
export function paraphraseFeatures(a: string, b: string, dense: number, frameWeight: number): ParaphraseFeatures {
  const left = termsOf(a);
  const right = termsOf(b);
  const sum = (terms: readonly Term[]) => terms.reduce((total, term) => total + weightOf(term, frameWeight), 0);
  const uncoveredLeft = left.filter((term) => !coveredBy(right, term));
  const uncoveredRight = right.filter((term) => !coveredBy(left, term));
  const total = sum(left) + sum(right);
  const onlyLeft = sum(uncoveredLeft);
  const onlyRight = sum(uncoveredRight);
  return {
    dense,
    overlap: total > 0 ? (total - onlyLeft - onlyRight) / total : 0,
    missing: onlyLeft,
    added: onlyRight,
    kind: differentKinds(kindOf(a), kindOf(b)) || differentTimes(left, right) ? 1 : 0,
  };
}

export function scoreFeatures(features: ParaphraseFeatures, model: Pick<ParaphraseModel, 'bias' | 'weights'>): number {
  let z = model.bias;
  for (const name of PARAPHRASE_FEATURES) z += model.weights[name] * features[name];
  return logistic(z);
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * How surely question `b` asks what `a` asks, in [0, 1], given the cosine of their embeddings.
 * The same question after normalisation is always 1.
 */
export function paraphraseScore(a: string, b: string, dense: number, model: ParaphraseModel): number {
  if (normaliseQuestion(a) === normaliseQuestion(b)) return 1;
  return scoreFeatures(paraphraseFeatures(a, b, dense, model.frameWeight), model);
}

/**
 * `paraphraseScore` when it reaches the model's threshold, else null. A new question is compared with every open
 * escalation (up to 500), and nearly every pair is ruled out by the first content word of the queued question that the
 * new one lacks (missing weighs -8): the words are compared only until the score can no longer reach the threshold,
 * which took the SQuAD evaluation's queue comparisons from about a quarter of its answering time to a few percent.
 */
export function paraphraseMatch(a: string, b: string, dense: number, model: ParaphraseModel): number | null {
  if (normaliseQuestion(a) === normaliseQuestion(b)) return 1;
  const { weights } = model;
  if (weights.missing < 0 && weights.added <= 0) {
    // The highest score the features not yet known allow: overlap and kind at their best, nothing added.
    const ceiling = model.bias + weights.dense * dense + Math.max(0, weights.overlap) + Math.max(0, weights.kind);
    const right = termsOf(b);
    let missing = 0;
    for (const term of termsOf(a)) {
      if (coveredBy(right, term)) continue;
      missing += weightOf(term, model.frameWeight);
      if (logistic(ceiling + weights.missing * missing) < model.threshold) return null;
    }
  }
  const score = scoreFeatures(paraphraseFeatures(a, b, dense, model.frameWeight), model);
  return score >= model.threshold ? score : null;
}

export function isParaphrase(a: string, b: string, dense: number, model: ParaphraseModel): boolean {
  return paraphraseMatch(a, b, dense, model) !== null;
}

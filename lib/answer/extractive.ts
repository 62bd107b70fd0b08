import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { readAsEnglish } from '../text/language';
import { tokenize } from '../text/tokenize';
import { cosine, idfCoverage } from './evidence';
import { type Answerer, type Draft, type DraftRequest } from './generate';
import { phrasebook } from './localized';
import { PartVectors } from './part-vectors';
import { focusWeights } from './question-focus';
import { quoteUnits } from './quote-draft';
import { answerFit, askingTerms, namedTerms, type QuestionType, questionType, typeFit } from './question-type';
import {
  asks,
  columnAsked,
  continuesPrevious,
  endsOnQuestion,
  labelled,
  namesTask,
  quotedWith,
  readWithHeading,
  standsBeside,
  substantial,
  titleLike,
} from './unit-traits';
import { type AnswerUnit, answerUnits } from './units';
import { type Candidate, sectionOpener } from './candidates';

export interface ExtractiveOptions {
  maxUnits: number;
  /** Length of the sentences quoted together; a list, table or code block may be longer (answerUnits' limit). */
  maxChars: number;
}

// Question types whose fit says whether a unit holds what is asked (a duration, an amount, a version, a place, what the
// thing is), not only what shape the answer takes.
const CARRIES_WHAT_IS_ASKED = new Set<QuestionType>(['duration', 'quantity', 'version', 'location', 'definition']);
// Question types answered by what they ask for first, a section's opening sentence after it: those above, and yes or no.
const ANSWER_FIRST = new Set<QuestionType>([...CARRIES_WHAT_IS_ASKED, 'yes_no']);

// Candidates' scores this close are ordered by the answerer's noise (a few hundredths of the meaning's similarity).
const NEAR_TIE = 0.02;

const KIND_WEIGHT: Record<QuestionType, Partial<Record<AnswerUnit['kind'], number>>> = {
  how_to: { list: 0.12, code: 0.04 },
  list: { list: 0.08, table: 0.05 },
  quantity: { table: 0.02 },
  duration: {},
  location: {},
  version: { table: 0.02, code: -0.06 },
  definition: { list: -0.02, table: -0.02, code: -0.06 },
  yes_no: { list: -0.05, table: -0.03, code: -0.08 },
  other: { list: -0.02, code: -0.06 },
};

/**
 * The offline answerer: quotes the unit of the retrieved passages that answers the question: a
 * sentence, or the whole list, table or code block when that is the answer (how-to questions get
 * the steps in order; a sentence announcing "the rules below" brings the rules), chosen by the
 * IDF-weighted coverage of the question's terms, similarity of meaning and whether it holds what
 * the question asks for (a duration for "how long", an amount for "how much"). That unit comes
 * first; related sentences that add missing terms follow in document order. It says it is quoting.
 */
export class ExtractiveAnswerer implements Answerer {
  readonly name = 'extractive';
  readonly streamsDraft = false;
  private readonly vectors: PartVectors;

  constructor(
    scheduler: EmbeddingScheduler,
    private readonly options: ExtractiveOptions = { maxUnits: 3, maxChars: 600 },
  ) {
    this.vectors = new PartVectors(scheduler);
  }

  /** A draft that quotes nothing: no unit of the passages could answer. */
  private nothing(): Draft {
    return { text: '', citations: [], abstained: false, sentences: [], answerBody: '', model: this.name, checks: { typeFit: 0, complete: 0, score: 0 } };
  }

  async draft(request: DraftRequest): Promise<Draft> {
    const { language } = request;
    const replyLanguage = request.replyLanguage ?? language;
    const type = questionType(request.question, replyLanguage);
    const fitOf = answerFit(request.question, type, language);
    // The words a unit should cover are those naming what is asked about, as the confidence check reads them: "long" in
    // "how long" made a sentence that only uses the word ("Keep a long record…") lead one giving the duration.
    const asking = askingTerms(request.question);
    const named = namedTerms(request.terms, asking, language);
    const idf = focusWeights(request.question, named, request.idf, language);
    // Every passage retrieval returned (DOCENT_ANSWER_PASSAGES, 6 by default): the section that answers is often a
    // page's later chunk ("You can take part in our work-study program if you meet all of the requirements…" came 6th
    // for "How does work study work for me as a Veteran?"), and reading only the first five left it out.
    const perPassage = request.results.map((result) => answerUnits(result.text, undefined, language));
    const raw: Omit<Candidate, 'similarity' | 'fit' | 'titled' | 'score'>[] = [];
    // A whole list or table answers how-to and "what are the rules" questions; for the others, its
    // items and rows compete one by one (a long block covers many words without answering).
    const wholeBlocks = type === 'how_to' || type === 'list';
    perPassage.forEach((units, result) =>
      units.forEach((unit, index) => {
        const block = unit.kind !== 'sentence' && unit.partOf === undefined && unit.parts.length > 1;
        if (unit.kind !== 'sentence' || (substantial(unit.text) && !titleLike(unit, language)) || labelled(unit)) {
          const heading = unit.heading ?? request.results[result]!.heading?.split(' › ').at(-1) ?? null;
          const coverage = idfCoverage(named, idf, `${unit.text} ${heading ?? ''}`, language);
          raw.push({ unit, result, index, eligible: !block || wholeBlocks, heading, coverage });
        }
      }),
    );
    if (raw.length === 0) return this.nothing();
    // A block's heading names it ("Password rules"): it is compared with the question as part of the block.
    const partsOf = ({ unit, heading }: (typeof raw)[number]) => (heading && readWithHeading(unit) ? [...unit.parts, heading] : unit.parts);
    // Meaning is compared only where the words give a reason to (a question term in the unit or its
    // section) or in the best passage: embedding every sentence of every passage cost a second a question.
    const worthComparing = (candidate: (typeof raw)[number]) => candidate.result === 0 || candidate.coverage > 0;
    // A line made of the question's own words (the error message the asker quoted, a heading that repeats the
    // question) tells nothing new. It is an answer when it decides ("You do not need approval to …") or holds a
    // number ("Default: 4173"); a table row repeats its column names by design; a sentence announcing a list brings
    // the list ("The company provides your work equipment:"). A FAQ's question is answered by what follows it (below).
    const echoes = (unit: AnswerUnit) => {
      if (unit.kind !== 'sentence' || unit.completesWith !== undefined || /\p{N}/u.test(unit.text) || typeFit('yes_no', unit.text, unit.kind, language) === 1)
        return false;
      const terms = new Set(tokenize(unit.text, language));
      return terms.size > 0 && [...terms].filter((term) => request.terms.includes(term)).length >= 0.75 * terms.size;
    };
    const vectors = await this.vectors.of(raw.filter(worthComparing).flatMap(partsOf));
    const candidates: Candidate[] = raw.map((candidate) => {
      const { unit, coverage } = candidate;
      const passage = request.results[candidate.result]!;
      const context = idfCoverage(named, idf, `${unit.text} ${unit.heading ?? ''} ${passage.heading ?? ''} ${passage.title ?? ''}`, language);
      const similarity = worthComparing(candidate) ? Math.max(...partsOf(candidate).map((part) => cosine(request.questionVector, vectors.get(part)!))) : 0;
      const fit = fitOf(unit.text, unit.kind);
      // The section a unit sits in says what it is about ("Password rules", "How to report").
      const titled = idfCoverage(named, idf, candidate.heading ?? '', language);
      const score =
        0.35 * coverage +
        0.12 * context +
        (unit.kind === 'sentence' ? 0.08 : 0.15) * titled +
        0.4 * similarity +
        0.05 / (1 + candidate.result) +
        0.12 * (fit - 1) +
        (type === 'how_to' && unit.kind === 'list' && fit < 1 ? 0 : (KIND_WEIGHT[type][unit.kind] ?? 0)) -
        // A sentence announcing what it does not include, or sending the reader elsewhere, is no answer; nor is a
        // question the document asks (a FAQ's or a form's), however many of the asker's words it repeats.
        (unit.dangling ? 0.2 : 0) -
        (asks(unit) ? 0.2 : 0);
      return { ...candidate, similarity, fit, titled, score };
    });
    const byPosition = (result: number, index: number) => candidates.find((candidate) => candidate.result === result && candidate.index === index);
    // Read once: the ranking and the section's opener below both leave out the lines that only repeat the question.
    const saying = candidates.filter((candidate) => asks(candidate.unit) || !echoes(candidate.unit));
    const ranked = saying.filter((candidate) => candidate.eligible).sort((a, b) => b.score - a.score);
    if (ranked.length === 0) return this.nothing();
    // A near tie goes to the passage retrieval ranked higher, which matched the question across its whole section:
    // "How many vacation days do I get?" scored "Please request vacation longer than 5 working days…" (4th passage)
    // 0.762 and "Every full-time employee receives 25 days of paid vacation…" (1st) 0.751, by the words' meaning alone.
    const leader = ranked[0]!;
    let primary =
      ranked.find((candidate) => candidate.result < leader.result && candidate.fit >= leader.fit && candidate.score >= leader.score - NEAR_TIE) ?? leader;
    const nearlyAsGood = (wanted: (candidate: Candidate) => boolean) =>
      ranked.find((candidate) => wanted(candidate) && candidate.score >= primary.score * 0.8) ?? primary;
    // For "how long", "how much", "which version", "where is" or "what is X", the unit that carries what is asked (or says
    // what X is) answers, if it is nearly as good.
    if (primary.fit < 1 && CARRIES_WHAT_IS_ASKED.has(type)) primary = nearlyAsGood((candidate) => candidate.fit === 1);
    // The table whose column the question names answers it when nearly as good, whole unless one of its rows already does:
    // "Who approves my expense report?" had "Nobody may approve their own expenses…", which repeats more of its words.
    const column = columnAsked(request.question, request.terms, language);
    if (!column(primary.unit)) {
      const asked = candidates.filter((candidate) => column(candidate.unit) && candidate.score >= primary.score * 0.8).sort((a, b) => b.score - a.score);
      primary = asked.find((candidate) => candidate.unit.partOf === undefined) ?? asked.find((candidate) => candidate.eligible) ?? primary;
    }
    // A how-to question whose task names a section ("How to report" for "How do I report a phishing email?") is answered
    // from that section when it is nearly as good, whatever else nearby repeats more of the question's words.
    if (type === 'how_to') {
      // Any level of the section's heading path may name it ("Donating leave › Donating hours through VLTP system"); the
      // units of a passage share their headings, so each heading is read once.
      const task = new Map<string, boolean>();
      const names = (heading: string) => task.get(heading) ?? task.set(heading, namesTask(heading, request.terms, language)).get(heading)!;
      const underTask = (candidate: Candidate) =>
        [candidate.unit.heading, ...(request.results[candidate.result]!.heading?.split(' › ') ?? [])].some((heading) => heading !== null && names(heading));
      if (!underTask(primary)) primary = nearlyAsGood(underTask);
    }
    // A sentence that points elsewhere or only says what its page covers is no answer: a unit that states something wins
    // when it is nearly as good ("This page walks you through … when you will be paid" against "Salaries are paid on
    // the 25th of each month"). One that announces a list or table is answered by the block with it, below.
    if (primary.unit.dangling && primary.unit.completesWith === undefined) primary = nearlyAsGood((candidate) => !candidate.unit.dangling);
    // A yes/no question that names a section ("Can I work from abroad?" and "Working from abroad") is decided by that
    // section's opening rule ("You may work from another country for up to 30 days…"), not by a later sentence that
    // repeats more of its words ("Working from abroad is not vacation").
    if (type === 'yes_no' && primary.titled >= 0.999) {
      // Candidates are in passage order, so the first that decides is the section's opening rule. One after the answer
      // opens nothing: "Is there a home office stipend?" was answered by "The stipend must be claimed within 6 months…"
      // (it decides by "must") instead of the section's first sentence, "Every office-based employee receives… 500 EUR".
      const opening = candidates.find(
        (candidate) =>
          candidate.result === primary.result &&
          candidate.index < primary.index &&
          candidate.heading === primary.heading &&
          candidate.unit.kind === 'sentence' &&
          !candidate.unit.dangling &&
          !asks(candidate.unit) &&
          candidate.fit === 1,
      );
      if (opening) primary = opening;
    }
    // A sentence announcing a list or table is answered by the block with it; a step is answered by its list.
    const announced = primary.unit.completesWith !== undefined ? byPosition(primary.result, primary.unit.completesWith) : undefined;
    // A question the document asks (a FAQ's) is answered by what follows it.
    const reply = asks(primary.unit) ? byPosition(primary.result, primary.index + 1) : undefined;
    if (announced) primary = announced;
    else if (reply && reply.eligible && !asks(reply.unit) && !reply.unit.dangling) primary = reply;
    else if (primary.unit.partOf !== undefined && (type === 'how_to' || type === 'list')) primary = byPosition(primary.result, primary.unit.partOf) ?? primary;

    const chosen = [primary];
    // A sentence that goes on in the next one ("A corporate card is issued to… | Request one from finance…", "…the
    // alarm | It lasts…") is not whole without it; one that announces a list ("It is requested in Harbor like any other
    // leave:") would be quoted without what it announces. Those cues are English; in another language a sentence that
    // ends on the question's own words goes on in the next one (`endsOnQuestion`).
    const continuation = primary.unit.kind === 'sentence' ? byPosition(primary.result, primary.index + 1 + (primary.unit.carries ?? 0)) : undefined;
    const continues =
      continuation !== undefined &&
      standsBeside(continuation.unit) &&
      !asks(continuation.unit) &&
      continuation.unit.heading === primary.unit.heading &&
      (readAsEnglish(language) ? continuesPrevious(continuation.unit.text) : endsOnQuestion(primary.unit.text, request.terms, language)) &&
      primary.unit.text.length + continuation.unit.text.length <= this.options.maxChars;
    if (continues) chosen.push(continuation);
    const inside = (candidate: Candidate) =>
      chosen.some((item) => item.result === candidate.result && quotedWith(item.index, item.unit, candidate.index, candidate.unit));
    const covered = new Set(chosen.flatMap((item) => tokenize(item.unit.text, language)));
    let length = primary.unit.kind === 'sentence' ? chosen.reduce((sum, item) => sum + item.unit.text.length, 0) : this.options.maxChars;
    for (const candidate of ranked) {
      if (chosen.length >= this.options.maxUnits || candidate.score < primary.score * 0.85) break;
      if (inside(candidate) || !standsBeside(candidate.unit) || length + candidate.unit.text.length > this.options.maxChars) continue;
      // A further sentence must bring question terms the chosen ones lack; the question's own asking words are not
      // ("When do I get paid?" had "When you return, you can ask for a phased return…" added to the pay date, "How long
      // is parental leave?" "Exceptions (for example after long-term illness…)").
      const terms = tokenize(candidate.unit.text, language);
      if (!request.terms.some((term) => !covered.has(term) && !asking.has(term) && terms.includes(term))) continue;
      chosen.push(candidate);
      length += candidate.unit.text.length;
      for (const term of terms) covered.add(term);
    }
    // The answer and its continuation lead; the further sentences (each stands beside the answer, so is a sentence)
    // follow in document order. The sentence just before the answer in its section leads with it, as written: "Claims
    // submitted later need approval…" reads on from "Submit receipts within 30 days…" and means nothing before it.
    const leading = continues ? 2 : 1;
    const further = chosen.slice(leading).sort((a, b) => a.result - b.result || a.unit.order - b.unit.order);
    const before = further.find(
      (item) => item.result === primary.result && item.index === primary.index - 1 && !asks(item.unit) && item.unit.heading === primary.unit.heading,
    );
    const ordered = before ? [before, ...chosen.slice(0, leading), ...further.filter((item) => item !== before)] : [...chosen.slice(0, leading), ...further];
    // When there is room, a sentence further into a section reads after the section's first sentence, which says what
    // it is about: "If the portal refuses your request, … contact the help desk." after "You can reset a forgotten or
    // expired password yourself through the self-service portal…". What a "how long", "how much", "which version",
    // "where", yes/no or "what is" question asks comes first. The further sentences above, which bring more of the
    // question's words, keep their place when there is no room for both.
    const first = ANSWER_FIRST.has(type) ? undefined : sectionOpener(saying, primary, named, language);
    const opened = ordered.some((item) => item.result === primary.result && item.index < primary.index && item.unit.heading === primary.unit.heading);
    if (first && !opened && length + first.unit.text.length <= this.options.maxChars) ordered.unshift(first);
    const quoted = ordered.map((item) => ({
      text: item.unit.text,
      result: item.result,
      coverage: item.coverage,
      similarity: item.similarity,
      score: item.score,
    }));
    const { body, citations, answerBody } = quoteUnits(quoted, request.results);
    return {
      text: `${phrasebook(replyLanguage).quoting}\n${body}`,
      citations,
      abstained: false,
      sentences: quoted,
      answerBody,
      answerVector: this.vectors.cached(answerBody),
      model: this.name,
      checks: { typeFit: primary.fit, complete: primary.unit.dangling ? 0 : 1, score: primary.score, decides: type !== 'yes_no' || primary.fit === 1 },
    };
  }
}

import type { SearchResult } from '../retrieval';
import { tokenize } from '../text/tokenize';
import type { ConfidenceSignals } from './events';
import { cosine, idfCoverage } from './evidence';
import type { Draft } from './generate';
import { type ConfidenceModel, SIGNAL_NAMES, type SignalName } from './signals';

const clamp = (value: number) => Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));

/**
 * Signals for "should this be answered": how close the best passage is in meaning (dense) and in
 * words (IDF-weighted coverage of the question's terms), how much of the question the chosen
 * answer covers and how close it is in meaning, how clearly the best document beats the next,
 * whether the lexical and dense signals agree on it, how much of the answer the cited text
 * supports, whether the quote holds what the question asks for (a duration, an amount, the steps)
 * whether it is complete (not a sentence announcing a list it does not include), the passage's coverage counted
 * only as far as the index knows the question's words at all, and the score the answerer gave its quote.
 */
export function computeSignals(args: {
  terms: string[];
  idf: Map<string, number>;
  /** The question's terms no indexed passage holds. */
  unseen?: Set<string>;
  questionVector: Float32Array;
  answerVector: Float32Array | null;
  results: SearchResult[];
  draft: Draft;
  language?: string;
}): ConfidenceSignals {
  const { results, draft } = args;
  const top = results[0];
  if (!top) return Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0]));
  const secondDocument = results.find((result) => result.docId !== top.docId);
  const margin = secondDocument && top.score > 0 ? (top.score - secondDocument.score) / top.score : 1;
  const denseBest = [...results].sort((a, b) => (b.dense ?? -1) - (a.dense ?? -1))[0]!;
  const lexicalBest = [...results].sort((a, b) => (b.lexical ?? -1) - (a.lexical ?? -1))[0]!;
  const citedText = draft.citations.map((citation) => citation.quote).join(' ');
  const answerTerms = tokenize(draft.answerBody, args.language);
  const citedTerms = new Set(tokenize(citedText, args.language));
  const support = answerTerms.length === 0 ? 0 : answerTerms.filter((term) => citedTerms.has(term)).length / answerTerms.length;
  // The best of the first few passages: fusion may rank a near-duplicate or a heading-heavy chunk
  // first, and the question's evidence is as good as its best passage.
  const leading = results.slice(0, 3);
  const lexicalCoverage = Math.max(
    ...leading.map((result) => idfCoverage(args.terms, args.idf, `${result.text} ${result.title ?? ''} ${result.heading ?? ''}`, args.language)),
  );
  const distinct = [...new Set(args.terms)];
  const known = distinct.length ? distinct.filter((term) => !args.unseen?.has(term)).length / distinct.length : 0;
  return {
    dense_top: clamp(Math.max(...leading.map((result) => result.dense ?? 0))),
    lexical_coverage: clamp(lexicalCoverage),
    answer_coverage: clamp(idfCoverage(args.terms, args.idf, draft.answerBody, args.language)),
    answer_similarity: clamp(args.answerVector ? cosine(args.questionVector, args.answerVector) : 0),
    margin: clamp(margin),
    agreement: denseBest.docId === lexicalBest.docId ? 1 : 0,
    support: clamp(support),
    // Whether the quote can answer this kind of question (a duration for "how long"), and is whole.
    type_fit: clamp(draft.checks?.typeFit ?? 1),
    complete: clamp(draft.checks?.complete ?? 1),
    // The passage's coverage, discounted by the share of the question's words the whole index has never seen: a
    // question about a thing no document names ("Kloroplastları ne çevreler?" over an index without that article)
    // may still find its other words in some passage. A linear model cannot weigh one signal by another itself.
    known_coverage: clamp(lexicalCoverage * known),
    // The answerer's own judgement of the unit it quotes first, which the signals above see only in parts: the
    // question's words read under the unit's section heading ("The monthly limit is 3,000 EUR." under "Corporate card"
    // covers "Is there a limit on the corporate card?", which its own words do not), how close it is in meaning,
    // whether it holds what is asked, whether it points elsewhere. Generated answers have none and are not marked down.
    quote_score: clamp(draft.checks?.score ?? 1),
  };
}

/** A logistic score in [0, 1]: the weights and bias are calibrated on data (npm run eval:answers). */
export function confidenceScore(signals: ConfidenceSignals, model: Pick<ConfidenceModel, 'bias' | 'weights'>): number {
  let z = model.bias;
  for (const name of SIGNAL_NAMES) z += model.weights[name] * (signals[name] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/** Fits the logistic model on labelled signal vectors (projected gradient descent with L2, weights kept ≥ 0), for calibration. */
export function fitConfidenceModel(samples: { signals: ConfidenceSignals; label: 0 | 1 }[], options: { iterations?: number; rate?: number; l2?: number } = {}) {
  const iterations = options.iterations ?? 4000;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  const weights = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0])) as Record<SignalName, number>;
  let bias = 0;
  // A signal that never varies in the data (support is always 1 for extractive answers) cannot be
  // told apart from the bias: it keeps weight 0 rather than an arbitrary one.
  const varying = SIGNAL_NAMES.filter((name) => new Set(samples.map((sample) => sample.signals[name] ?? 0)).size > 1);
  const positives = samples.filter((sample) => sample.label === 1).length;
  // Classes are weighted equally, whatever their sizes.
  const classWeight = (label: 0 | 1) => samples.length / (2 * (label === 1 ? Math.max(positives, 1) : Math.max(samples.length - positives, 1)));
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const gradient = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0])) as Record<SignalName, number>;
    let gradientBias = 0;
    for (const sample of samples) {
      const predicted = confidenceScore(sample.signals, { bias, weights });
      const error = (predicted - sample.label) * classWeight(sample.label);
      gradientBias += error;
      for (const name of varying) gradient[name] += error * (sample.signals[name] ?? 0);
    }
    bias -= (rate * gradientBias) / samples.length;
    // Every signal is evidence for answering by design (a quote that holds the duration asked for, a passage that
    // covers more of the question): none may count against it. Unconstrained, the fit gave a quote that does not fit
    // the question's type a higher score when the data were thin on such quotes.
    for (const name of varying) weights[name] = Math.max(0, weights[name] - rate * (gradient[name] / samples.length + l2 * weights[name]));
  }
  return { bias, weights };
}

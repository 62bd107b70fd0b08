import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { cosine } from '../answer/evidence';
import { normaliseQuestion, paraphraseFeatures, paraphraseScore, scoreFeatures } from '../answer/paraphrase';
import type { ParaphraseFeatures, ParaphraseModel } from '../answer/paraphrase-model';
import { halfOf } from './datasets';
import { round } from './metrics';

// The paraphrase set: reviewed questions, rewordings that should be served the reviewed answer,
// and near-misses that must not be. Split by group, so a question and its probes are always in
// the same half: thresholds and weights are chosen on half a, figures reported on half b.

export const PARAPHRASE_SET = fileURLToPath(new URL('./paraphrases.jsonl', import.meta.url));

const groupSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  paraphrases: z.array(z.string().min(1)),
  near_misses: z.array(z.string().min(1)),
  additions: z.array(z.string().min(1)).default([]),
});

export interface ParaphraseGroup {
  id: string;
  question: string;
  paraphrases: string[];
  nearMisses: string[];
  /** Near-misses that only add words to the question: told apart from narrower rewordings by nothing lexical. */
  additions: string[];
}

export function loadParaphraseSet(file = PARAPHRASE_SET): ParaphraseGroup[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const group = groupSchema.parse(JSON.parse(line));
      return { id: group.id, question: group.question, paraphrases: group.paraphrases, nearMisses: group.near_misses, additions: group.additions };
    });
}

export const CALIBRATION_HALF = 'a';
export const REPORT_HALF = 'b';

export function splitParaphraseSet(groups: ParaphraseGroup[]): { calibration: ParaphraseGroup[]; report: ParaphraseGroup[] } {
  return {
    calibration: groups.filter((group) => halfOf(group.id) === CALIBRATION_HALF),
    report: groups.filter((group) => halfOf(group.id) === REPORT_HALF),
  };
}

export function textsOf(groups: ParaphraseGroup[]): string[] {
  return [...new Set(groups.flatMap((group) => [group.question, ...group.paraphrases, ...group.nearMisses, ...group.additions]))];
}

/** Scores a new question against a reviewed one, given the cosine of their vectors. */
export type Scorer = (reviewed: string, asked: string, dense: number) => number;

export const matcherScorer =
  (model: ParaphraseModel): Scorer =>
  (reviewed, asked, dense) =>
    paraphraseScore(reviewed, asked, dense, model);

export interface ParaphraseFigures {
  reviewed: number;
  paraphrases: { n: number; served_rate: number; served_wrong_answer_rate: number };
  near_misses: { n: number; wrong_hit_rate: number };
  /** Paraphrases served another question's answer and near-misses served, over both. */
  wrong_hit_rate_all: number;
  /** Near-misses that only add words (reported apart: see ParaphraseGroup.additions). */
  additions: { n: number; served_rate: number };
  missed: string[];
  wrong_hits: string[];
}

type ProbeKind = 'paraphrase' | 'near_miss' | 'addition';

function probesOf(group: ParaphraseGroup, kinds: ProbeKind[] = ['paraphrase', 'near_miss', 'addition']): { kind: ProbeKind; text: string; group: string }[] {
  const texts: Record<ProbeKind, string[]> = { paraphrase: group.paraphrases, near_miss: group.nearMisses, addition: group.additions };
  return kinds.flatMap((kind) => texts[kind].map((text) => ({ kind, text, group: group.id })));
}

interface Outcome {
  kind: ProbeKind;
  group: string;
  text: string;
  best: { id: string; question: string; score: number };
}

/**
 * Each half is its own knowledge base: every probe is matched against all of the half's reviewed
 * questions, as the curated lookup does, and served by the best one if it clears the threshold.
 */
function bestMatches(groups: ParaphraseGroup[], vectors: Map<string, Float32Array>, score: Scorer): Outcome[] {
  const outcomes: Outcome[] = [];
  const vector = (text: string) => vectors.get(text) ?? fail(text);
  for (const group of groups) {
    for (const probe of probesOf(group)) {
      let best: Outcome['best'] = { id: '', question: '', score: -Infinity };
      for (const reviewed of groups) {
        const value = score(reviewed.question, probe.text, cosine(vector(reviewed.question), vector(probe.text)));
        if (value > best.score) best = { id: reviewed.id, question: reviewed.question, score: value };
      }
      outcomes.push({ ...probe, best });
    }
  }
  return outcomes;
}

function fail(text: string): never {
  throw new Error(`No vector for "${text}"`);
}

function figures(groups: ParaphraseGroup[], outcomes: Outcome[], threshold: number): ParaphraseFigures {
  const paraphrases = outcomes.filter((outcome) => outcome.kind === 'paraphrase');
  const nearMisses = outcomes.filter((outcome) => outcome.kind === 'near_miss');
  const hit = (outcome: Outcome) => outcome.best.score >= threshold;
  const served = paraphrases.filter((outcome) => hit(outcome) && outcome.best.id === outcome.group);
  const servedWrong = paraphrases.filter((outcome) => hit(outcome) && outcome.best.id !== outcome.group);
  const nearHits = nearMisses.filter(hit);
  const additions = outcomes.filter((outcome) => outcome.kind === 'addition');
  const rate = (part: number, whole: number) => round(whole ? part / whole : 0);
  const describe = (outcome: Outcome) => `“${outcome.text}” → “${outcome.best.question}” (${outcome.best.score.toFixed(3)})`;
  return {
    reviewed: groups.length,
    paraphrases: {
      n: paraphrases.length,
      served_rate: rate(served.length, paraphrases.length),
      served_wrong_answer_rate: rate(servedWrong.length, paraphrases.length),
    },
    near_misses: { n: nearMisses.length, wrong_hit_rate: rate(nearHits.length, nearMisses.length) },
    wrong_hit_rate_all: rate(servedWrong.length + nearHits.length, paraphrases.length + nearMisses.length),
    additions: { n: additions.length, served_rate: rate(additions.filter(hit).length, additions.length) },
    missed: paraphrases.filter((outcome) => !served.includes(outcome)).map(describe),
    wrong_hits: [...servedWrong, ...nearHits].map(describe),
  };
}

export function measureParaphrases(groups: ParaphraseGroup[], vectors: Map<string, Float32Array>, score: Scorer, threshold: number): ParaphraseFigures {
  return figures(groups, bestMatches(groups, vectors, score), threshold);
}

/**
 * The lowest threshold at which at most `maxWrong` of the near-misses are served and at most
 * `maxWrong` of the paraphrases get another question's answer, moved halfway down to the next
 * score below it (a margin both ways), with the share of paraphrases it serves.
 */
function operatingPoint(outcomes: Outcome[], maxWrong: number): { threshold: number; served: number; wrong: number; gap: number } {
  const sorted = [...outcomes].sort((a, b) => b.best.score - a.best.score);
  const paraphrases = outcomes.filter((outcome) => outcome.kind === 'paraphrase').length;
  const nearMisses = outcomes.filter((outcome) => outcome.kind === 'near_miss').length;
  let served = 0;
  let wrongAnswers = 0;
  let nearHits = 0;
  let chosen = { threshold: Infinity, served: 0, wrong: 0 };
  for (let index = 0; index < sorted.length;) {
    // Every outcome with the same score is in or out together.
    const score = sorted[index]!.best.score;
    for (; index < sorted.length && sorted[index]!.best.score === score; index += 1) {
      const outcome = sorted[index]!;
      if (outcome.kind === 'near_miss') nearHits += 1;
      else if (outcome.best.id === outcome.group) served += 1;
      else wrongAnswers += 1;
    }
    if (nearHits > maxWrong * nearMisses || wrongAnswers > maxWrong * paraphrases) break;
    chosen = { threshold: score, served: served / Math.max(1, paraphrases), wrong: (nearHits + wrongAnswers) / Math.max(1, outcomes.length) };
  }
  const next = sorted.find((outcome) => outcome.best.score < chosen.threshold)?.best.score;
  if (chosen.threshold === Infinity) return { threshold: 1, served: 0, wrong: 0, gap: 0 };
  return { ...chosen, threshold: next === undefined ? chosen.threshold : (chosen.threshold + next) / 2, gap: next === undefined ? 0 : chosen.threshold - next };
}

interface Candidate {
  reviewed: ParaphraseGroup;
  features: ParaphraseFeatures;
  same: boolean;
}

const GRID = {
  frameWeight: [0, 0.1, 0.25, 0.5],
  dense: [1, 2, 4, 8],
  overlap: [1, 2, 4, 8],
  missing: [-1, -2, -4, -8],
  added: [-0.5, -1, -2, -4],
  kind: [-2, -8],
};

function* weightGrid(): Generator<ParaphraseFeatures> {
  for (const dense of GRID.dense)
    for (const overlap of GRID.overlap)
      for (const missing of GRID.missing) for (const added of GRID.added) for (const kind of GRID.kind) yield { dense, overlap, missing, added, kind };
}

/**
 * Fits the matcher on calibration groups where it is used: each probe against every reviewed
 * question, served by the best one above the threshold. A grid over the framing weight and the
 * feature weights (signs fixed by design: meaning and shared words count for, swaps, additions and
 * a different kind of question against), each with the lowest threshold at which at most
 * `maxWrong` of the near-misses are served and at most `maxWrong` of the paraphrases get another
 * question's answer, moved halfway to the next score below it. The most paraphrases served wins.
 */
export function fitParaphraseModel(
  groups: ParaphraseGroup[],
  vectors: Map<string, Float32Array>,
  options: { maxWrong?: number } = {},
): { model: ParaphraseModel; figures: ParaphraseFigures } {
  const maxWrong = options.maxWrong ?? 0.01;
  const vector = (text: string) => vectors.get(text) ?? fail(text);
  const probes = groups.flatMap((group) => probesOf(group, ['paraphrase', 'near_miss']));
  let best: ({ model: ParaphraseModel } & ReturnType<typeof operatingPoint>) | null = null;
  for (const frameWeight of GRID.frameWeight) {
    const table: Candidate[][] = probes.map((probe) =>
      groups.map((reviewed) => ({
        reviewed,
        features: paraphraseFeatures(reviewed.question, probe.text, cosine(vector(reviewed.question), vector(probe.text)), frameWeight),
        same: normaliseQuestion(reviewed.question) === normaliseQuestion(probe.text),
      })),
    );
    for (const weights of weightGrid()) {
      const model = { frameWeight, bias: 0, weights };
      const outcomes: Outcome[] = probes.map((probe, index) => {
        let top: Outcome['best'] = { id: '', question: '', score: -Infinity };
        for (const candidate of table[index]!) {
          const score = candidate.same ? 1 : scoreFeatures(candidate.features, model);
          if (score > top.score) top = { id: candidate.reviewed.id, question: candidate.reviewed.question, score };
        }
        return { ...probe, best: top };
      });
      const point = operatingPoint(outcomes, maxWrong);
      if (
        !best ||
        point.served > best.served ||
        (point.served === best.served && (point.wrong < best.wrong || (point.wrong === best.wrong && point.gap > best.gap)))
      ) {
        // The bias puts the threshold at 0.5, so a score reads as "more likely the same question than not".
        const logit = Math.log(point.threshold / (1 - point.threshold));
        best = { model: { ...model, bias: round(-logit, 4), threshold: 0.5 }, ...point };
      }
    }
  }
  return { model: best!.model, figures: measureParaphrases(groups, vectors, matcherScorer(best!.model), best!.model.threshold) };
}

import fs from 'node:fs';
import path from 'node:path';
import { confidenceModelFor } from '../answer/calibration';
import { confidenceScore } from '../answer/confidence';
import type { ConfidenceModel } from '../answer/signals';
import type { Config } from '../config';
import { DatasetMissingError, loadSquad } from './datasets';
import type { AnswerObservation } from './docs-eval';
import { auroc, round } from './metrics';
import { collectSquadObservations } from './squad-eval';

// XQuAD (the same 1,190 questions over the same 240 paragraphs in 12 languages) as an answer set:
// half the articles are indexed, as eval:answers does with SQuAD, so every question about the
// other half is out of index. Answers are kept per language and split, so that calibration
// (split a) and the report (split b) each ask their questions once.

export const XQUAD_LANGUAGES = ['en', 'ar', 'de', 'el', 'es', 'hi', 'ro', 'ru', 'th', 'tr', 'vi', 'zh'] as const;
export const xquadFile = (datasets: string, language: string) => path.join(datasets, 'xquad', `xquad.${language}.json`);

/** The answers to one language's questions of one split, from the cache in `dataDir` when a run left them there. */
export async function languageObservations(
  datasets: string,
  language: string,
  split: 'a' | 'b',
  options: { dataDir: string; reuse: boolean; log: (message: string) => void; onQuestion?: (done: number, total: number) => void },
): Promise<AnswerObservation[]> {
  const cache = path.join(options.dataDir, `xquad-${language}-${split}.jsonl`);
  if (options.reuse && fs.existsSync(cache)) {
    const kept = fs
      .readFileSync(cache, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AnswerObservation);
    options.log(`XQuAD ${language}, split ${split}: reusing ${kept.length} answers from ${cache}.`);
    return kept;
  }
  const squad = loadSquad(xquadFile(datasets, language));
  const observations = await collectSquadObservations(squad, {
    dataDir: path.join(options.dataDir, language),
    split,
    log: options.log,
    onQuestion: options.onQuestion,
  });
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(cache, observations.map((item) => JSON.stringify(item)).join('\n'));
  return observations;
}

/** Whether a question is answered under the confidence model the workflow picks for its language. */
export function answeredIn(item: AnswerObservation, models: Config['answers']): boolean {
  const model = confidenceModelFor(models, item.language);
  return !item.forced && confidenceScore(item.signals, model) >= model.threshold;
}

/** The figures for one language: answered and gold-inside rates of answerable questions, out-of-index escalation. */
export function measureLanguage(observations: AnswerObservation[], answered: (item: AnswerObservation) => boolean, score: (item: AnswerObservation) => number) {
  const answerable = observations.filter((item) => item.inIndex && item.answerable);
  const outside = observations.filter((item) => !item.inIndex);
  const answeredAnswerable = answerable.filter(answered);
  const share = (part: number, whole: number) => round(whole ? part / whole : 0);
  return {
    answerable: answerable.length,
    out_of_index: outside.length,
    answered_rate: share(answeredAnswerable.length, answerable.length),
    gold_in_answer_rate: share(answeredAnswerable.filter((item) => item.right).length, answeredAnswerable.length),
    out_of_index_escalated_rate: share(outside.filter((item) => !answered(item)).length, outside.length),
    auroc_out_of_index: round(auroc(answerable.map(score), outside.map(score))),
  };
}

/** Under one model (calibration compares thresholds of a model being fitted). */
export function measureUnder(observations: AnswerObservation[], model: ConfidenceModel) {
  const score = (item: AnswerObservation) => (item.forced ? 0 : confidenceScore(item.signals, model));
  return measureLanguage(observations, (item) => !item.forced && score(item) >= model.threshold, score);
}

/** The command-line options both XQuAD commands take. */
export const LANGUAGE_EVAL_OPTIONS = {
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
  datasets: { type: 'string', default: '../shared/datasets' },
  languages: { type: 'string' },
  reuse: { type: 'boolean', default: false },
} as const;

/** The first XQuAD file of these languages that is missing, as the error that says where to get it; null when all are there. */
export function missingXquad(datasets: string, languages: string[]): DatasetMissingError | null {
  const missing = languages.map((language) => xquadFile(datasets, language)).find((file) => !fs.existsSync(file));
  return missing ? new DatasetMissingError(missing, 'XQuAD (see ../shared/datasets/README.md: google-deepmind/xquad, xquad.<language>.json)') : null;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confidenceScore } from '../lib/answer/confidence';
import type { ConfidenceModel } from '../lib/answer/signals';
import { configWith } from '../lib/config';
import { DatasetMissingError, loadSquad } from '../lib/evaluation/datasets';
import { type AnswerObservation, answeredUnder, writeDetails } from '../lib/evaluation/docs-eval';
import { auroc, mean, round } from '../lib/evaluation/metrics';
import { collectSquadObservations } from '../lib/evaluation/squad-eval';
import { parseCommandLine, printJson, questionProgress, runMain, say } from './cli';
import { writeResult } from './results';

// `npm run eval:answers -- [--dataset <file>] [--json] [--data-dir DIR] [--limit N] [--details FILE]`: SQuAD 2.0 through the real
// workflow with the shipped confidence model (the one `npm start` uses, fitted by `npm run calibrate` on the
// calibration halves only). Figures at the top level are the report half (questions hashed to split b).

const DEFAULT_DATASET = '../shared/datasets/squad2-dev/dev-v2.0-half-a.json';

type Group = 'answerable' | 'unanswerable' | 'out_of_index';
const groupOf = (item: AnswerObservation): Group => (!item.inIndex ? 'out_of_index' : item.answerable ? 'answerable' : 'unanswerable');

/** The figures of INTERFACES.md for a set of observations under a confidence model. */
function measure(observations: AnswerObservation[], model: ConfidenceModel) {
  const answered = (item: AnswerObservation) => answeredUnder(item, model);
  const scoreOf = (item: AnswerObservation) => (item.forced ? 0 : confidenceScore(item.signals, model));
  const group = (name: Group) => observations.filter((item) => groupOf(item) === name);
  const answerable = group('answerable');
  const answeredAnswerable = answerable.filter(answered);
  const escalatedRate = (items: AnswerObservation[]) => round(items.length ? items.filter((item) => !answered(item)).length / items.length : 0);
  const negatives = [...group('unanswerable'), ...group('out_of_index')];
  return {
    answerable: {
      n: answerable.length,
      answered_rate: round(answerable.length ? answeredAnswerable.length / answerable.length : 0),
      gold_in_answer_rate: round(answeredAnswerable.length ? answeredAnswerable.filter((item) => item.right).length / answeredAnswerable.length : 0),
    },
    unanswerable: { n: group('unanswerable').length, escalated_rate: escalatedRate(group('unanswerable')) },
    out_of_index: { n: group('out_of_index').length, escalated_rate: escalatedRate(group('out_of_index')) },
    auroc: round(auroc(answerable.map(scoreOf), negatives.map(scoreOf))),
    auroc_out_of_index: round(auroc(answerable.map(scoreOf), group('out_of_index').map(scoreOf))),
    seconds_per_question: round(mean(observations.map((item) => item.seconds)), 4),
  };
}

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: DEFAULT_DATASET },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    limit: { type: 'string' },
    'results-dir': { type: 'string' },
    details: { type: 'string' },
    'with-calibration-half': { type: 'boolean', default: false },
  });
  const file = path.resolve(values.dataset);
  let squad;
  try {
    squad = loadSquad(file);
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-answers-'));
  const model = configWith({ DOCENT_DATA_DIR: dataDir }).answers.confidence;
  const progress = questionProgress();
  const started = performance.now();
  const observations = await collectSquadObservations(squad, {
    dataDir,
    limit: values.limit ? Number(values.limit) : undefined,
    split: values['with-calibration-half'] ? undefined : 'b',
    log: say,
    onQuestion: progress.onQuestion,
  });
  progress.stop();
  const report = observations.filter((item) => item.split === 'b');
  const calibration = observations.filter((item) => item.split === 'a');
  const result = {
    dataset: squad.name,
    answerer: 'extractive',
    ...measure(report, model),
    threshold: model.threshold,
    calibrated_on:
      'the shipped model (lib/answer/confidence-model.ts), fitted by `npm run calibrate` on the calibration halves (split a) of SQuAD, doc2dial and the handbook set; figures above are split b',
    model,
    calibration_half: calibration.length ? measure(calibration, model) : 'not asked (npm run calibrate reports it; --with-calibration-half asks it here)',
    questions: observations.length,
    answer_s: round((performance.now() - started) / 1000, 2),
    targets: { out_of_index_escalated: '>= 0.90', answerable_answered: '>= 0.85', gold_in_answer: '>= 0.80' },
  };
  say(
    `\nSplit b (report half): answerable answered ${(result.answerable.answered_rate * 100).toFixed(1)}% (gold answer inside ${(result.answerable.gold_in_answer_rate * 100).toFixed(1)}%), ` +
      `unanswerable escalated ${(result.unanswerable.escalated_rate * 100).toFixed(1)}%, out-of-index escalated ${(result.out_of_index.escalated_rate * 100).toFixed(1)}%, AUROC ${result.auroc} ` +
      `(threshold ${result.threshold}; ${result.seconds_per_question} s per question).`,
  );
  if (values.details) {
    writeDetails(values.details, observations, model);
    say(`Wrote every answer to ${values.details}`);
  }
  const written = writeResult(
    `eval-answers-${path.basename(file, '.json')}-extractive`,
    result,
    values['results-dir'] ? path.resolve(values['results-dir']) : undefined,
  );
  say(`Wrote ${path.relative(process.cwd(), written)}`);
  if (values.json) printJson(result);
  return 0;
});

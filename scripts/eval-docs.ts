import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configWith } from '../lib/config';
import { DatasetMissingError } from '../lib/evaluation/datasets';
import { loadDocsDataset } from '../lib/evaluation/docs-datasets';
import { type AnswerObservation, collectObservations, measureByGroup, measureDocs, writeDetails } from '../lib/evaluation/docs-eval';
import { parseCommandLine, printJson, questionProgress, runMain, say } from './cli';
import { writeResult } from './results';

// `npm run eval:docs -- [--dataset <dir>|handbook] [--json] [--data-dir DIR] [--details FILE]`: answer quality on
// real documents with the shipped confidence model. doc2dial (../shared/datasets/doc2dial, the default) is asked in
// four folds, each indexing three domains, so one domain's questions are out of index in each; docs-qa
// (../shared/datasets/docs-qa) and the sample handbook's set (`handbook`) index their whole corpus. Figures are
// reported on the report half (questions hashed to split b); the calibration half (a) is what the shipped model
// was fitted on (`npm run calibrate`), shown apart.

const DEFAULT_DATASET = '../shared/datasets/doc2dial';

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: DEFAULT_DATASET },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'results-dir': { type: 'string' },
    details: { type: 'string' },
    // The calibration half is asked only on request: calibrate reports it, and it doubles the time.
    'with-calibration-half': { type: 'boolean', default: false },
  });
  let dataset;
  try {
    dataset = loadDocsDataset(values.dataset);
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-docs-'));
  const model = configWith({ DOCENT_DATA_DIR: dataDir }).answers.confidence;
  say(`${dataset.name} (${dataset.layout}): ${dataset.questions.length} questions. Data directory: ${dataDir}`);
  const progress = questionProgress();
  const started = performance.now();
  const observations: AnswerObservation[] = await collectObservations(dataset, {
    dataDir,
    embeddings: new Map(),
    split: values['with-calibration-half'] ? undefined : 'b',
    log: say,
    onQuestion: progress.onQuestion,
  });
  progress.stop();
  const report = observations.filter((item) => item.split === 'b');
  const calibration = observations.filter((item) => item.split === 'a');
  const result = {
    dataset: dataset.name,
    layout: dataset.layout,
    ...measureDocs(report, model),
    by_domain: measureByGroup(report, model),
    calibration_half: calibration.length ? measureDocs(calibration, model) : 'not asked (npm run calibrate reports it; --with-calibration-half asks it here)',
    model,
    split: 'figures at the top level and by_domain are the report half (questions hashed to b); calibration_half is half a',
    answer_s: Math.round((performance.now() - started) / 10) / 100,
  };
  say(
    `Report half: answered ${(result.answered_rate * 100).toFixed(1)}%, answered but wrong ${(result.answered_but_wrong_rate * 100).toFixed(1)}%, ` +
      `span covered ${(result.span_covered_rate * 100).toFixed(1)}%, out of index escalated ${(result.out_of_index.escalated_rate * 100).toFixed(1)}%` +
      (result.unanswerable ? `, unanswerable escalated ${(result.unanswerable.escalated_rate * 100).toFixed(1)}%` : '') +
      (result.answerable_answered_right_rate !== null ? `, answerable answered right ${(result.answerable_answered_right_rate * 100).toFixed(1)}%` : '') +
      ` (${result.seconds_per_question} s per question).`,
  );
  if (values.details) {
    writeDetails(values.details, observations, model);
    say(`Wrote every answer to ${values.details}`);
  }
  const written = writeResult(`eval-docs-${dataset.name}`, result, values['results-dir'] ? path.resolve(values['results-dir']) : undefined);
  say(`Wrote ${path.relative(process.cwd(), written)}`);
  if (values.json) printJson(result);
  return 0;
});

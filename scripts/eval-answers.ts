import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Assistant } from '../lib/answer/assistant';
import { confidenceScore, fitConfidenceModel } from '../lib/answer/confidence';
import type { ConfidenceSignals } from '../lib/answer/events';
import type { ConfidenceModel } from '../lib/answer/signals';
import { configWith } from '../lib/config';
import { DatasetMissingError, type SquadQuestion, halfOf, loadSquad, materialize } from '../lib/evaluation/datasets';
import { auroc, mean, round } from '../lib/evaluation/metrics';
import { openServices } from '../lib/services';
import { createPipeline } from '../ingest/create-pipeline';
import { syncFolder } from '../ingest/sync';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';

const DEFAULT_DATASET = '../shared/datasets/squad2-dev/dev-v2.0-half-a.json';

type Group = 'answerable' | 'unanswerable' | 'out_of_index';

interface Observation {
  question: SquadQuestion;
  group: Group;
  split: 'a' | 'b';
  /** Escalated for a reason the score does not decide (classifier, no sources, model down). */
  forced: boolean;
  score: number;
  signals: ConfidenceSignals;
  answer: string;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function containsGold(answer: string, golds: string[]): boolean {
  const haystack = ` ${normalise(answer)} `;
  return golds.some((gold) => normalise(gold) && haystack.includes(` ${normalise(gold)} `));
}

/** The figures of INTERFACES.md for a set of observations under a confidence model. */
function measure(observations: Observation[], model: ConfidenceModel) {
  const answered = (observation: Observation) => !observation.forced && confidenceScore(observation.signals, model) >= model.threshold;
  const group = (name: Group) => observations.filter((observation) => observation.group === name);
  const answerable = group('answerable');
  const answeredAnswerable = answerable.filter(answered);
  const escalatedRate = (items: Observation[]) => round(items.length ? items.filter((item) => !answered(item)).length / items.length : 0);
  const positives = answerable.map((item) => (item.forced ? 0 : confidenceScore(item.signals, model)));
  const negatives = [...group('unanswerable'), ...group('out_of_index')].map((item) => (item.forced ? 0 : confidenceScore(item.signals, model)));
  const outOfIndex = group('out_of_index');
  return {
    answerable: {
      n: answerable.length,
      answered_rate: round(answerable.length ? answeredAnswerable.length / answerable.length : 0),
      gold_in_answer_rate: round(
        answeredAnswerable.length
          ? answeredAnswerable.filter((item) => containsGold(item.answer, item.question.answers)).length / answeredAnswerable.length
          : 0,
      ),
    },
    unanswerable: { n: group('unanswerable').length, escalated_rate: escalatedRate(group('unanswerable')) },
    out_of_index: { n: outOfIndex.length, escalated_rate: escalatedRate(outOfIndex) },
    auroc: round(auroc(positives, negatives)),
    auroc_out_of_index: round(
      auroc(
        positives,
        outOfIndex.map((item) => (item.forced ? 0 : confidenceScore(item.signals, model))),
      ),
    ),
  };
}

/** The threshold at which `share` of the calibration answerable questions are answered. */
function thresholdFor(observations: Observation[], model: Omit<ConfidenceModel, 'threshold'>, share: number): number {
  const scores = observations
    .filter((item) => item.group === 'answerable' && !item.forced)
    .map((item) => confidenceScore(item.signals, { ...model, threshold: 0 }))
    .sort((a, b) => b - a);
  const forcedShare =
    observations.filter((item) => item.group === 'answerable' && item.forced).length /
    Math.max(1, observations.filter((item) => item.group === 'answerable').length);
  const index = Math.min(scores.length - 1, Math.max(0, Math.ceil((share / (1 - forcedShare || 1)) * scores.length) - 1));
  return round(scores[index] ?? 0.5, 4);
}

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: DEFAULT_DATASET },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    limit: { type: 'string' },
    'target-answered': { type: 'string', default: '0.87' },
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
  // Half of the articles are indexed; questions about the other half are "out of index".
  const indexedTitles = new Set(squad.articles.filter((_, index) => index % 2 === 0).map((article) => article.title));
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-answers-'));
  const config = configWith({ DOCENT_DATA_DIR: dataDir });
  const corpus = path.join(dataDir, 'eval-corpus', `answers-${path.basename(file, '.json')}`);
  materialize(
    squad.articles.filter((article) => indexedTitles.has(article.title)).flatMap((article) => article.paragraphs),
    corpus,
  );
  let questions = squad.questions.filter((question) => question.answerable || indexedTitles.has(question.article));
  if (values.limit) questions = questions.filter((_, index) => index % Math.max(1, Math.floor(questions.length / Number(values.limit))) === 0);
  say(`SQuAD ${squad.name}: ${indexedTitles.size} of ${squad.articles.length} articles indexed; ${questions.length} questions. Data directory: ${dataDir}`);

  const services = await openServices(config);
  const { pipeline, extractor } = createPipeline(services);
  const assistant = new Assistant(services);
  try {
    await syncFolder(services, pipeline, fs.realpathSync(corpus));
    say(`Indexed ${services.registry.totals().indexed} paragraphs (${await services.index.count()} chunks). Answering with ${assistant.answerer.name}...`);
    const observations: Observation[] = [];
    const bar = progressBar('Questions', questions.length);
    const started = performance.now();
    for (const [index, question] of questions.entries()) {
      const group: Group = !indexedTitles.has(question.article) ? 'out_of_index' : question.answerable ? 'answerable' : 'unanswerable';
      const { events, outcome } = await assistant.askToCompletion({ question: question.question });
      const confidence = events.find((event) => event.type === 'confidence');
      // The draft is what would have been answered: escalations keep it for the reviewer.
      const draft = outcome.escalationId ? (assistant.escalations.get(outcome.escalationId)?.draft ?? '') : outcome.text;
      observations.push({
        question,
        group,
        split: halfOf(question.id),
        forced: !confidence || (confidence.type === 'confidence' && confidence.reason !== null && confidence.reason !== 'low_confidence'),
        score: confidence?.type === 'confidence' ? confidence.score : 0,
        signals: confidence?.type === 'confidence' ? confidence.signals : {},
        answer: draft,
      });
      bar.update(index + 1);
    }
    bar.stop();
    const seconds = (performance.now() - started) / 1000;

    const calibration = observations.filter((item) => item.split === 'a');
    const report = observations.filter((item) => item.split === 'b');
    // Fitted on the calibration half only: answerable questions against out-of-index and unanswerable ones.
    const fitted = fitConfidenceModel(
      calibration.filter((item) => !item.forced).map((item) => ({ signals: item.signals, label: item.group === 'answerable' ? 1 : 0 })),
    );
    const targetAnswered = Number(values['target-answered']);
    const calibrated: ConfidenceModel = { ...fitted, threshold: thresholdFor(calibration, fitted, targetAnswered) };
    const shipped = config.answers.confidence;
    const result = {
      dataset: squad.name,
      answerer: assistant.answerer.name,
      ...measure(report, calibrated),
      threshold: calibrated.threshold,
      calibrated_on: `questions hashed to split a (${calibration.length}) of ${squad.name}; figures above are split b (${report.length}); indexed articles: ${[...indexedTitles].join(', ')}`,
      model: {
        bias: round(calibrated.bias, 4),
        weights: Object.fromEntries(Object.entries(calibrated.weights).map(([name, value]) => [name, round(value, 4)])),
        threshold: calibrated.threshold,
      },
      calibration_split: measure(calibration, calibrated),
      shipped_model_on_split_b: measure(report, shipped),
      mean_score: {
        answerable: round(mean(report.filter((item) => item.group === 'answerable').map((item) => item.score))),
        out_of_index: round(mean(report.filter((item) => item.group === 'out_of_index').map((item) => item.score))),
      },
      questions: observations.length,
      answer_s: round(seconds, 2),
      seconds_per_question: round(seconds / Math.max(1, observations.length), 4),
      targets: { out_of_index_escalated: '>= 0.90', answerable_answered: '>= 0.85', gold_in_answer: '>= 0.80' },
    };
    say(
      `\nSplit b (held out): answerable answered ${(result.answerable.answered_rate * 100).toFixed(1)}% (gold answer inside ${(result.answerable.gold_in_answer_rate * 100).toFixed(1)}%), ` +
        `unanswerable escalated ${(result.unanswerable.escalated_rate * 100).toFixed(1)}%, out-of-index escalated ${(result.out_of_index.escalated_rate * 100).toFixed(1)}%, AUROC ${result.auroc} ` +
        `(threshold ${result.threshold}, calibrated on split a).`,
    );
    say(`Calibrated model (DOCENT_CONFIDENCE_MODEL): ${JSON.stringify(result.model)}`);
    const written = writeResult(`eval-answers-${path.basename(file, '.json')}-${assistant.answerer.name.replace(/[^a-z0-9-]/gi, '_')}`, result);
    say(`Wrote ${path.relative(process.cwd(), written)}`);
    if (values.json) printJson(result);
    return 0;
  } finally {
    assistant.close();
    await extractor.close();
    await services.close();
  }
});

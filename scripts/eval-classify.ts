import path from 'node:path';
import { RuleClassifier, compileSensitivePatterns } from '../lib/answer/classify';
import { DEFAULT_SCOPE_OPTIONS } from '../lib/answer/scope';
import { getConfig } from '../lib/config';
import { createScheduler } from '../lib/embedder/create-embedder';
import { LocalEmbedder } from '../lib/embedder/local-embedder';
import { CATEGORIES, type ClassificationFigures, type Prediction, classificationFigures, classifyAll, meetsTargets } from '../lib/evaluation/classify-eval';
import { CATEGORY_OF, LABELS, UTTERANCES_FILE, loadUtterances } from '../lib/evaluation/utterances';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';

// The offline classifier over the labelled messages: figures for the report half (never tuned
// on), the development half (tuned on) and the whole set, each labelled as such.

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function describe(title: string, figures: ClassificationFigures): void {
  say(`\n${title}: ${figures.n} messages, accuracy ${percent(figures.accuracy)}`);
  say(`  ${'class'.padEnd(14)}${'n'.padStart(5)}${'precision'.padStart(11)}${'recall'.padStart(9)}`);
  for (const category of CATEGORIES) {
    const { n, precision, recall } = figures.classes[category];
    say(`  ${category.padEnd(14)}${String(n).padStart(5)}${percent(precision).padStart(11)}${percent(recall).padStart(9)}`);
  }
  say(`  recall by label: ${LABELS.map((label) => `${label} ${percent(figures.labels[label].recall)} (${figures.labels[label].n})`).join(', ')}`);
  const confusions = CATEGORIES.flatMap((expected) =>
    CATEGORIES.filter((predicted) => predicted !== expected && figures.confusion[expected][predicted] > 0).map(
      (predicted) => `${expected} → ${predicted}: ${figures.confusion[expected][predicted]}`,
    ),
  );
  say(`  confusions: ${confusions.join(', ') || 'none'}`);
  say(`  sensitive missed: ${figures.sensitive_missed}; questions declined as out of scope: ${figures.questions_declined}`);
}

function listErrors(title: string, predictions: Prediction[]): void {
  const wrong = predictions.filter((prediction) => prediction.category !== CATEGORY_OF[prediction.utterance.label]);
  if (!wrong.length) return;
  say(`\n${title}:`);
  for (const { utterance, category, reason } of wrong) say(`  [${utterance.label} → ${category}] ${JSON.stringify(utterance.text)}  (${reason})`);
}

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: UTTERANCES_FILE },
    json: { type: 'boolean', default: false },
    'list-report-errors': { type: 'boolean', default: false },
    // The languages of the index the messages are asked of, as in Docent (the samples': English); "" for an unknown one.
    'index-languages': { type: 'string', default: 'en' },
  });
  const indexed = values['index-languages'].split(',').filter(Boolean);
  const config = getConfig();
  const utterances = loadUtterances(path.resolve(values.dataset));
  // The offline classifier always embeds with the local model, whatever DOCENT_EMBEDDER says.
  const scheduler = createScheduler(config, new LocalEmbedder({ threads: 0 }));
  const classifier = new RuleClassifier(scheduler, compileSensitivePatterns(config.answers.sensitivePatterns), {
    ...DEFAULT_SCOPE_OPTIONS,
    indexLanguages: indexed.length ? () => indexed : undefined,
  });
  say(`Classifying ${utterances.length} messages from ${path.relative(process.cwd(), values.dataset) || values.dataset} with the offline classifier…`);
  const bar = progressBar('Classifying', utterances.length);
  const started = performance.now();
  const predictions = await classifyAll(classifier, utterances, (done) => bar.update(done));
  const seconds = (performance.now() - started) / 1000;
  bar.stop();
  await scheduler.embedder.close();

  const dev = predictions.filter((prediction) => prediction.utterance.split === 'dev');
  const reported = predictions.filter((prediction) => prediction.utterance.split === 'report');
  const figures = { report: classificationFigures(reported), dev: classificationFigures(dev), whole: classificationFigures(predictions) };
  listErrors('Development half, misclassified (tune on these)', dev);
  if (values['list-report-errors']) listErrors('Report half, misclassified (for reading only: do not tune on these)', reported);
  describe('Report half (never tuned on)', figures.report);
  describe('Development half (patterns and thresholds tuned on it)', figures.dev);
  describe('Whole set (both halves)', figures.whole);
  const met = meetsTargets(figures.report);
  say(`\nTargets on the report half (≥ 95% precision and recall per class, 0 sensitive missed): ${met ? 'met' : 'NOT met'}.`);

  const result = {
    dataset: path.relative(process.cwd(), values.dataset) || values.dataset,
    messages: utterances.length,
    split: 'sha256 of the text, first byte even = dev (tuned on), odd = report',
    classifier: 'offline (RuleClassifier, local embedder)',
    embedder: scheduler.identity,
    scope_options: DEFAULT_SCOPE_OPTIONS,
    index_languages: indexed,
    sensitive_topics: Object.keys(config.answers.sensitivePatterns),
    classes: CATEGORIES,
    targets: { precision: 0.95, recall: 0.95, sensitive_missed: 0, met_on_report_half: met },
    report_half: figures.report,
    dev_half: figures.dev,
    whole_set: figures.whole,
    ms_per_message: Math.round((seconds * 1000 * 10) / utterances.length) / 10,
  };
  const file = writeResult('eval-classify', result);
  say(`Wrote ${path.relative(process.cwd(), file)}`);
  if (values.json) printJson(result);
  return 0;
});

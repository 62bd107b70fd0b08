import path from 'node:path';
import { getConfig } from '../lib/config';
import { LocalEmbedder } from '../lib/embedder/local-embedder';
import {
  CALIBRATION_HALF,
  PARAPHRASE_SET,
  type ParaphraseFigures,
  REPORT_HALF,
  fitParaphraseModel,
  loadParaphraseSet,
  matcherScorer,
  measureParaphrases,
  splitParaphraseSet,
  textsOf,
} from '../lib/evaluation/paraphrase-eval';
import { round } from '../lib/evaluation/metrics';
import { parseCommandLine, printJson, runMain, say } from './cli';
import { writeResult } from './results';

// How well reviewed answers serve rewordings of their question and refuse near-misses, with the
// offline embedder and the matcher the workflow uses (curated answers and merged escalations).
// The set ships in the repository; nothing outside it is needed.

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function line(name: string, figures: ParaphraseFigures): string {
  return (
    `${name}: ${figures.reviewed} reviewed questions; paraphrases served ${percent(figures.paraphrases.served_rate)} of ${figures.paraphrases.n}` +
    ` (a wrong answer ${percent(figures.paraphrases.served_wrong_answer_rate)}), near-misses served ${percent(figures.near_misses.wrong_hit_rate)} of ${figures.near_misses.n}`
  );
}

runMain(async () => {
  const { values } = parseCommandLine({
    dataset: { type: 'string', default: PARAPHRASE_SET },
    json: { type: 'boolean', default: false },
    fit: { type: 'boolean', default: false },
  });
  const file = path.resolve(values.dataset);
  const groups = loadParaphraseSet(file);
  const { calibration, report } = splitParaphraseSet(groups);
  const texts = textsOf(groups);
  say(
    `Paraphrase set ${path.relative(process.cwd(), file)}: ${groups.length} reviewed questions, ${texts.length} texts; embedding with the offline embedder...`,
  );
  const embedder = new LocalEmbedder({ threads: 0 });
  const vectors = new Map<string, Float32Array>();
  const started = performance.now();
  try {
    for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
      const batch = texts.slice(start, start + embedder.maxBatchSize);
      (await embedder.embed(batch)).forEach((vector, index) => vectors.set(batch[index]!, vector));
    }
  } finally {
    await embedder.close();
  }
  const embedSeconds = (performance.now() - started) / 1000;

  const shipped = getConfig().answers.paraphrase;
  const scorer = matcherScorer(shipped);
  // What the curated lookup did before: the cosine of the questions against 0.8.
  const dense = (_reviewed: string, _asked: string, cosine: number) => cosine;
  const result: Record<string, unknown> = {
    dataset: path.relative(process.cwd(), file),
    embedder: embedder.identity,
    model: shipped,
    report: { half: REPORT_HALF, ...measureParaphrases(report, vectors, scorer, shipped.threshold) },
    calibration: { half: CALIBRATION_HALF, ...measureParaphrases(calibration, vectors, scorer, shipped.threshold) },
    dense_only_0_8: {
      report: measureParaphrases(report, vectors, dense, 0.8),
      calibration: measureParaphrases(calibration, vectors, dense, 0.8),
    },
    targets: { report_paraphrases_served: '>= 0.90', report_near_misses_served: '<= 0.02' },
    embed_s: round(embedSeconds, 2),
  };
  if (values.fit) {
    const fitted = fitParaphraseModel(calibration, vectors);
    result.fitted = {
      model: fitted.model,
      calibration: fitted.figures,
      report: measureParaphrases(report, vectors, matcherScorer(fitted.model), fitted.model.threshold),
    };
    say(`Fitted on half ${CALIBRATION_HALF} (paste into CALIBRATED_PARAPHRASE_MODEL, lib/answer/paraphrase-model.ts): ${JSON.stringify(fitted.model)}`);
    say(line(`  fitted, half ${CALIBRATION_HALF}`, fitted.figures));
  }
  const reportFigures = result.report as ParaphraseFigures;
  say(line(`Half ${CALIBRATION_HALF} (calibration)`, result.calibration as ParaphraseFigures));
  say(line(`Half ${REPORT_HALF} (report, held out)`, reportFigures));
  say(line(`Before (dense ≥ 0.8), half ${REPORT_HALF}`, (result.dense_only_0_8 as { report: ParaphraseFigures }).report));
  if (reportFigures.missed.length) say(`Missed paraphrases (half ${REPORT_HALF}):\n  ${reportFigures.missed.join('\n  ')}`);
  if (reportFigures.wrong_hits.length) say(`Wrong hits (half ${REPORT_HALF}):\n  ${reportFigures.wrong_hits.join('\n  ')}`);
  const written = writeResult('eval-paraphrase', result);
  say(`Wrote ${path.relative(process.cwd(), written)}`);
  if (values.json) printJson(result);
  return 0;
});

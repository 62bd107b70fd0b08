import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confidenceModelFor } from '../lib/answer/calibration';
import { confidenceScore } from '../lib/answer/confidence';
import { configWith } from '../lib/config';
import { answeredIn, LANGUAGE_EVAL_OPTIONS, languageObservations, measureLanguage, missingXquad, XQUAD_LANGUAGES } from '../lib/evaluation/language-eval';
import { round } from '../lib/evaluation/metrics';
import { parseCommandLine, printJson, questionProgress, runMain, say } from './cli';
import { readResult, writeResult } from './results';

// `npm run eval:languages -- [--json] [--data-dir DIR] [--reuse] [--languages de,zh]`: XQuAD's REPORT half (split b)
// through the real workflow in each language, with the confidence model `npm start` picks for the question's language
// (fitted by `npm run calibrate:languages` on split a). Retrieval figures (gold paragraph @1 and @5, hybrid) come from
// the `npm run eval:retrieval -- --format squad --dataset …/xquad.<language>.json` results in docs/results, when present.

const RESULTS = path.resolve('docs', 'results');

function retrievalFigures(language: string): { '@1': number; '@5': number } | null {
  const file = path.join(RESULTS, `eval-retrieval-squad-xquad.${language}.json`);
  if (!fs.existsSync(file)) return null;
  const hybrid = (JSON.parse(fs.readFileSync(file, 'utf8')) as { hybrid?: { '@1': number; '@5': number } }).hybrid;
  return hybrid ? { '@1': hybrid['@1'], '@5': hybrid['@5'] } : null;
}

runMain(async () => {
  const { values } = parseCommandLine({ ...LANGUAGE_EVAL_OPTIONS });
  const languages = values.languages ? values.languages.split(',') : [...XQUAD_LANGUAGES];
  const datasets = path.resolve(values.datasets);
  const missing = missingXquad(datasets, languages);
  if (missing) {
    say(`docent: ${missing.message}`);
    return 2;
  }
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-eval-languages-'));
  const models = configWith({ DOCENT_DATA_DIR: dataDir }).answers;
  const started = performance.now();
  const rows: Record<string, Record<string, unknown>> = {};
  for (const language of languages) {
    const progress = questionProgress(`XQuAD ${language} (split b)`);
    const observations = await languageObservations(datasets, language, 'b', { dataDir, reuse: values.reuse, log: say, onQuestion: progress.onQuestion });
    progress.stop();
    const score = (item: (typeof observations)[number]) => (item.forced ? 0 : confidenceScore(item.signals, confidenceModelFor(models, item.language)));
    const detected = observations.filter((item) => item.language === language).length;
    rows[language] = {
      retrieval: retrievalFigures(language),
      ...measureLanguage(observations, (item) => answeredIn(item, models), score),
      // The workflow picks the model (and the stemmer) by the language it detects in the question.
      question_language_detected: round(observations.length ? detected / observations.length : 0),
      model: models.confidenceByLanguage[language] ? `${language} (calibrated on split a)` : 'general (shipped)',
    };
  }
  // A run over some languages replaces their rows and keeps the others' (and English's @5) from the last run.
  const previous = values.languages
    ? readResult<{ languages: Record<string, Record<string, unknown>>; english_at5: number | null }>('eval-languages')
    : undefined;
  const english = rows.en?.retrieval as { '@5': number } | null | undefined;
  say('\n| language | @1 | @5 | answered | gold inside | out of index escalated | AUROC (out of index) |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [language, row] of Object.entries(rows)) {
    const retrieval = row.retrieval as { '@1': number; '@5': number } | null;
    const cells = [row.answered_rate, row.gold_in_answer_rate, row.out_of_index_escalated_rate, row.auroc_out_of_index];
    say(`| ${language} | ${retrieval?.['@1'] ?? '–'} | ${retrieval?.['@5'] ?? '–'} | ${cells.join(' | ')} |`);
  }
  const result = {
    dataset: 'XQuAD (split b: the report half)',
    targets: { at5_within_of_english: 0.02, answered_rate: '>= 0.80', gold_in_answer_rate: '>= 0.75', out_of_index_escalated_rate: '>= 0.90' },
    english_at5: english?.['@5'] ?? previous?.english_at5 ?? null,
    languages: { ...previous?.languages, ...rows },
    eval_s: round((performance.now() - started) / 1000, 1),
  };
  writeResult('eval-languages', result);
  if (values.json) printJson(result);
  return 0;
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confidenceScore, fitConfidenceModel } from '../lib/answer/confidence';
import type { ConfidenceModel } from '../lib/answer/signals';
import { DatasetMissingError, foldOf, loadSquad } from '../lib/evaluation/datasets';
import { loadDocsDataset } from '../lib/evaluation/docs-datasets';
import { type Answered, type AnswerObservation, answeredUnder, collectObservations, measureDocs } from '../lib/evaluation/docs-eval';
import { auroc, round } from '../lib/evaluation/metrics';
import { UsageError } from '../lib/errors';
import { collectSquadObservations } from '../lib/evaluation/squad-eval';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';
import { writeSource } from './write-source';

// `npm run calibrate -- [--json] [--data-dir DIR] [--reuse] [--folds N] [--write]`: fits the confidence model that ships (the one
// `npm start` uses) on the CALIBRATION halves only (questions hashed to split a) of doc2dial, SQuAD 2.0 dev half A,
// the sample handbook's set and docs-qa, and chooses its threshold so that every target holds on those halves with the
// most room. `--write` saves it to lib/answer/confidence-model.ts. The report halves are never read here:
// `npm run eval:docs` and `npm run eval:answers` report the shipped model on them.

const DOC2DIAL = '../shared/datasets/doc2dial';
const DOCS_QA = '../shared/datasets/docs-qa';
const SQUAD = '../shared/datasets/squad2-dev/dev-v2.0-half-a.json';
const MODEL_FILE = path.resolve('lib/answer/confidence-model.ts');

type Labelled = AnswerObservation & { source: 'doc2dial' | 'squad' | 'handbook' | 'docs-qa' };

/** 1: should be answered; 0: should be escalated; null: partly right, left out of the fit. */
function label(item: Labelled): 0 | 1 | null {
  if (!item.inIndex || !item.answerable) return 0;
  if (item.source === 'squad') return 1; // SQuAD's answerable questions should be answered (its target).
  if (item.source === 'doc2dial') return item.recall! >= 0.5 ? 1 : item.recall! < 0.2 ? 0 : null;
  return item.right ? 1 : 0;
}

interface Target {
  name: string;
  value: (answered: Answered) => number;
  min?: number;
  max?: number;
  /** Trust targets (wrong answers, escalation of what cannot be answered) weigh more than coverage. */
  trust: boolean;
}

/** The targets of a set judged by its evidence, with questions its documents cannot answer (the handbook set, docs-qa). */
function evidenceTargets(name: string, items: Labelled[]): Target[] {
  return [
    { name: `${name} answered but wrong`, trust: true, max: 0.1, value: (answered) => measureDocs(items, answered).answered_but_wrong_rate },
    { name: `${name} unanswerable escalated`, trust: true, min: 0.8, value: (answered) => measureDocs(items, answered).unanswerable?.escalated_rate ?? 1 },
    {
      name: `${name} answerable answered right`,
      trust: false,
      min: 0.5,
      value: (answered) => measureDocs(items, answered).answerable_answered_right_rate ?? 0,
    },
  ];
}

function targetsFor(observations: Labelled[]): Target[] {
  const of = (source: Labelled['source']) => observations.filter((item) => item.source === source);
  const squad = of('squad');
  const doc2dial = of('doc2dial');
  const handbook = of('handbook');
  const docsQa = of('docs-qa');
  const squadAnswerable = squad.filter((item) => item.inIndex && item.answerable);
  const squadOut = squad.filter((item) => !item.inIndex);
  return [
    {
      name: 'squad answerable answered',
      trust: false,
      min: 0.85,
      value: (answered) => squadAnswerable.filter(answered).length / squadAnswerable.length,
    },
    {
      name: 'squad out of index escalated',
      trust: true,
      min: 0.9,
      value: (answered) => squadOut.filter((item) => !answered(item)).length / squadOut.length,
    },
    { name: 'doc2dial answered', trust: false, min: 0.6, value: (answered) => measureDocs(doc2dial, answered).answered_rate },
    { name: 'doc2dial answered but wrong', trust: true, max: 0.05, value: (answered) => measureDocs(doc2dial, answered).answered_but_wrong_rate },
    { name: 'doc2dial out of index escalated', trust: true, min: 0.9, value: (answered) => measureDocs(doc2dial, answered).out_of_index.escalated_rate },
    ...evidenceTargets('handbook', handbook),
    ...evidenceTargets('docs-qa', docsQa),
  ];
}

/**
 * A trust target is aimed at with this much room: a rate measured on a calibration half is an estimate (on doc2dial's
 * 191 out-of-index asks, 90% has a standard error of about 2 points), and a threshold that met "out of index escalated
 * ≥ 90%" exactly there (0.9005) escalated 84.6% on the report half.
 */
const TRUST_MARGIN = 0.03;

/** How far a target is missed (0 when it holds), in rate points; trust targets with their margin. */
const shortfall = (target: Target, value: number, margin = target.trust ? TRUST_MARGIN : 0) =>
  Math.max(0, target.min !== undefined ? target.min + margin - value : value - (target.max! - margin));

/**
 * The cost of a threshold: missed trust targets count three times as much as missed coverage, so
 * when not every target can hold, Docent hands questions to a person rather than answer wrongly.
 * Among thresholds that cost the same, the lowest answers most.
 */
const cost = (targets: Target[], answered: Answered) =>
  targets.reduce((sum, target) => sum + (target.trust ? 3 : 1) * shortfall(target, target.value(answered)), 0);

const under =
  (model: ConfidenceModel): Answered =>
  (item) =>
    answeredUnder(item, model);

/**
 * The labelled samples of the fit: an answer counts once for SQuAD, twice for doc2dial and eight times for the two small
 * sets written with their evidence (the handbook set, docs-qa), which would weigh little otherwise; classes are
 * balanced inside the fit.
 */
function samplesOf(observations: Labelled[]) {
  return observations.flatMap((item) => {
    const value = label(item);
    if (value === null || item.forced) return [];
    const copies = item.source === 'squad' ? 1 : item.source === 'doc2dial' ? 2 : 8;
    return Array.from({ length: copies }, () => ({ signals: item.signals, label: value }));
  });
}

/** The threshold with the smallest cost for these scores; among equal costs the lowest, which answers most. */
function bestThreshold(targets: Target[], scoreOf: (item: AnswerObservation) => number) {
  let best = { threshold: 0.5, cost: Infinity };
  for (let threshold = 0.05; threshold <= 0.95; threshold += 0.005) {
    const total = cost(targets, (item) => !item.forced && scoreOf(item) >= threshold);
    if (total < best.cost - 1e-9) best = { threshold, cost: total };
  }
  return best;
}

/**
 * The fit judged on answers it did not see (`--folds N`): fitted on every fold but one and scored on the one left out, in
 * turn, and the threshold chosen on those scores. A signal added to a model fitted and judged on the same answers always
 * looks a little better; this is what a new signal is compared by. A question stays in one fold, also where doc2dial
 * asks it in several index folds.
 */
function outOfFold(observations: Labelled[], targets: Target[], folds: number) {
  const foldOfItem = new Map(observations.map((item) => [item, foldOf(item.id, folds)]));
  const scores = new Map<AnswerObservation, number>();
  for (let fold = 0; fold < folds; fold += 1) {
    const fitted = fitConfidenceModel(samplesOf(observations.filter((item) => foldOfItem.get(item) !== fold)), { iterations: 3000 });
    for (const item of observations.filter((item) => foldOfItem.get(item) === fold)) scores.set(item, confidenceScore(item.signals, fitted));
  }
  const best = bestThreshold(targets, (item) => scores.get(item)!);
  // How well the out-of-fold scores tell what should be answered from what should not, per source and over all.
  const separation = (items: Labelled[]) => {
    const scored = items.filter((item) => !item.forced && label(item) !== null);
    const of = (value: 0 | 1) => scored.filter((item) => label(item) === value).map((item) => scores.get(item)!);
    return round(auroc(of(1), of(0)), 4);
  };
  const sources = [...new Set(observations.map((item) => item.source))];
  return {
    folds,
    cost: round(best.cost, 4),
    threshold: round(best.threshold, 4),
    auroc: {
      all: separation(observations),
      ...Object.fromEntries(sources.map((source) => [source, separation(observations.filter((item) => item.source === source))])),
    },
  };
}

runMain(async () => {
  const { values } = parseCommandLine({
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    write: { type: 'boolean', default: false },
    // Refit on the answers kept by the last run in the same --data-dir (same code, same questions).
    reuse: { type: 'boolean', default: false },
    // Also fit and judge out of fold, in N folds (see outOfFold).
    folds: { type: 'string' },
  });
  const folds = values.folds === undefined ? null : Number(values.folds);
  // Checked before the answers are collected, which takes minutes.
  if (folds !== null && (!Number.isInteger(folds) || folds < 2)) throw new UsageError(`--folds must be a whole number of at least 2, not "${values.folds}".`);
  let doc2dial;
  let docsQa;
  let squad;
  try {
    doc2dial = loadDocsDataset(DOC2DIAL);
    docsQa = loadDocsDataset(DOCS_QA);
    squad = loadSquad(path.resolve(SQUAD));
  } catch (error) {
    if (error instanceof DatasetMissingError) {
      say(`docent: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const handbook = loadDocsDataset('handbook');
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : fs.mkdtempSync(path.join(os.tmpdir(), 'docent-calibrate-'));
  const embeddings = new Map<string, Float32Array>();
  const bar = progressBar('Calibration questions', 1);
  const progress = (offset: number) => (done: number, total: number) => {
    bar.setTotal(offset + total);
    bar.update(offset + done);
  };
  const started = performance.now();
  const tag = (source: Labelled['source']) => (items: AnswerObservation[]) => items.map((item) => ({ ...item, source }));
  // The answers (and their signals) are kept, so that the fit can be redone without asking again.
  const cache = path.join(dataDir, 'calibration-observations.jsonl');
  let observations: Labelled[];
  if (values.reuse && fs.existsSync(cache)) {
    observations = fs
      .readFileSync(cache, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Labelled);
    say(`Reusing ${observations.length} answers from ${cache}.`);
  } else {
    observations = [
      ...tag('handbook')(await collectObservations(handbook, { dataDir, embeddings, split: 'a', log: say, onQuestion: progress(0) })),
      ...tag('doc2dial')(await collectObservations(doc2dial, { dataDir, embeddings, split: 'a', log: say, onQuestion: progress(0) })),
      ...tag('docs-qa')(await collectObservations(docsQa, { dataDir, embeddings, split: 'a', log: say, onQuestion: progress(0) })),
      ...tag('squad')(await collectSquadObservations(squad, { dataDir: path.join(dataDir, 'squad'), split: 'a', log: say, onQuestion: progress(0) })),
    ];
    fs.writeFileSync(cache, observations.map((item) => JSON.stringify(item)).join('\n'));
  }
  bar.stop();
  if (observations.some((item) => item.split !== 'a')) throw new Error('calibration read a report-half question');

  const samples = samplesOf(observations);
  const fitted = fitConfidenceModel(samples, { iterations: 3000 });
  const targets = targetsFor(observations);
  const scores = new Map<AnswerObservation, number>(observations.map((item) => [item, confidenceScore(item.signals, fitted)]));
  const best = bestThreshold(targets, (item) => scores.get(item)!);
  const outOfFoldFigures = folds === null ? null : outOfFold(observations, targets, folds);
  const model: ConfidenceModel = {
    bias: round(fitted.bias, 4),
    weights: Object.fromEntries(Object.entries(fitted.weights).map(([name, weight]) => [name, round(weight, 4)])) as ConfidenceModel['weights'],
    threshold: round(best.threshold, 4),
  };
  const figures = Object.fromEntries(
    targets.map((target) => [
      target.name,
      { value: round(target.value(under(model))), target: target.min !== undefined ? `>= ${target.min}` : `<= ${target.max}` },
    ]),
  );
  const missed = targets.filter((target) => shortfall(target, target.value(under(model)), 0) > 0).map((target) => target.name);
  // Every target at a range of thresholds: what another choice would trade.
  const curve = Array.from({ length: 9 }, (_, step) => round(0.3 + step * 0.05, 2)).map((threshold) => ({
    threshold,
    ...Object.fromEntries(targets.map((target) => [target.name, round(target.value(under({ ...model, threshold })))])),
  }));
  const result = {
    model,
    curve,
    calibration_half: figures,
    missed_on_calibration_half: missed,
    // The shortfall the threshold was chosen by (0 when every target holds with its room): what a change to the
    // signals or the answerer is compared by.
    cost: round(best.cost, 4),
    ...(outOfFoldFigures ? { out_of_fold: outOfFoldFigures } : {}),
    questions: {
      handbook: observations.filter((item) => item.source === 'handbook').length,
      doc2dial: observations.filter((item) => item.source === 'doc2dial').length,
      'docs-qa': observations.filter((item) => item.source === 'docs-qa').length,
      squad: observations.filter((item) => item.source === 'squad').length,
    },
    fitted_on: samples.length,
    calibrate_s: round((performance.now() - started) / 1000, 1),
  };
  for (const [name, figure] of Object.entries(figures)) say(`  ${name}: ${figure.value} (target ${figure.target})`);
  say(missed.length ? `Missed on the calibration half: ${missed.join(', ')}` : 'Every target holds on the calibration half.');
  say(`Shortfall from the targets (the cost the threshold minimises): ${round(best.cost, 4)}`);
  if (outOfFoldFigures)
    say(`Out of fold (${folds} folds): cost ${outOfFoldFigures.cost} at ${outOfFoldFigures.threshold}, AUROC ${JSON.stringify(outOfFoldFigures.auroc)}`);
  say(`Model: ${JSON.stringify(model)}`);
  if (values.write) {
    await writeSource(
      MODEL_FILE,
      `import type { ConfidenceModel } from './signals';\n\n` +
        `// Written by \`npm run calibrate -- --write\` on ${new Date().toISOString().slice(0, 10)}: fitted on the calibration halves (split a) of\n` +
        `// doc2dial, SQuAD 2.0 dev half A, the handbook set and docs-qa (${samples.length} labelled answers); threshold chosen for the smallest\n` +
        `// shortfall from the targets there (trust targets aimed at with ${TRUST_MARGIN * 100} points of room), misses of trust targets (wrong answers, escalation) counting three times. The report halves are measured by eval:docs and eval:answers (docs/benchmarks.md).\n` +
        `export const SHIPPED_CONFIDENCE_MODEL: ConfidenceModel = ${JSON.stringify(model)};\n`,
    );
    say(`Wrote ${path.relative(process.cwd(), MODEL_FILE)}`);
  }
  writeResult('calibrate', result);
  if (values.json) printJson(result);
  return 0;
});

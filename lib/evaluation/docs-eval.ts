import fs from 'node:fs';
import path from 'node:path';
import { Assistant } from '../answer/assistant';
import { confidenceScore } from '../answer/confidence';
import type { ConfidenceSignals } from '../answer/events';
import type { ConfidenceModel } from '../answer/signals';
import { configWith } from '../config';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { openServices } from '../services';
import { createPipeline } from '../../ingest/create-pipeline';
import { syncFolder } from '../../ingest/sync';
import { containsEvidence, spanRecall } from './answer-judge';
import { halfOf } from './datasets';
import type { DocsDataset, DocsQuestion } from './docs-datasets';
import { mean, round } from './metrics';
import { SYSTEM } from '../spaces/principals';

/** One question asked in one index: what Docent would answer, and the evidence for its confidence. */
export interface AnswerObservation {
  id: string;
  group: string;
  split: 'a' | 'b';
  answerable: boolean;
  /** The documents that answer it were indexed (doc2dial folds leave one domain out). */
  inIndex: boolean;
  /** Not decided by the score: small talk, declined, sensitive, nothing retrieved, model down. */
  forced: boolean;
  score: number;
  signals: ConfidenceSignals;
  /** The draft, whether it was answered or escalated (a reviewer sees it then). */
  answer: string;
  /** Share of the gold span's content words in the answer (null without a span). */
  recall: number | null;
  /** Whether the answer contains every piece of evidence (null without evidence). */
  right: boolean | null;
  seconds: number;
  /** The question's language as the workflow detected it (its confidence model is that language's). */
  language?: string;
}

/** Embeddings keyed by text, shared by the folds of one run: the same embedder gives the same vector. */
export function shareEmbeddings(scheduler: EmbeddingScheduler, cache: Map<string, Float32Array>): void {
  const embed = scheduler.embed.bind(scheduler);
  scheduler.embed = async (texts: string[]) => {
    const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
    if (missing.length) (await embed(missing)).forEach((vector, index) => cache.set(missing[index]!, vector));
    return texts.map((text) => cache.get(text)!);
  };
}

export interface CollectOptions {
  dataDir: string;
  embeddings: Map<string, Float32Array>;
  log: (message: string) => void;
  onQuestion?: (done: number, total: number) => void;
  /** Only the questions of this split (calibration uses 'a'). */
  split?: 'a' | 'b';
  /** Environment for the configuration (e.g. a confidence model under test). */
  environment?: Record<string, string>;
}

/** The folds of a dataset: doc2dial indexes all domains but one, in turn; the others index everything once. */
function foldsOf(dataset: DocsDataset): { name: string; roots: string[]; outOfIndex: string | null }[] {
  if (dataset.layout !== 'doc2dial') return [{ name: 'all', roots: [dataset.corpus], outOfIndex: null }];
  const domains = fs
    .readdirSync(dataset.corpus)
    .filter((name) => fs.statSync(path.join(dataset.corpus, name)).isDirectory())
    .sort();
  return domains.map((left) => ({
    name: `without-${left}`,
    roots: domains.filter((domain) => domain !== left).map((domain) => path.join(dataset.corpus, domain)),
    outOfIndex: left,
  }));
}

async function ask(assistant: Assistant, question: DocsQuestion) {
  let conversationId: string | null = null;
  for (const previous of question.previous)
    conversationId = (await assistant.askToCompletion({ viewer: SYSTEM, question: previous, conversationId })).outcome.conversationId;
  let draft = '';
  const started = performance.now();
  const { events, outcome } = await assistant.askToCompletion({
    viewer: SYSTEM,
    question: question.question,
    conversationId,
    onDraft: (text) => (draft = text),
  });
  const seconds = (performance.now() - started) / 1000;
  const confidence = events.find((event) => event.type === 'confidence');
  const checked = confidence?.type === 'confidence' ? confidence : null;
  return {
    forced: !checked || (checked.reason !== null && checked.reason !== 'low_confidence'),
    score: checked?.score ?? 0,
    signals: checked?.signals ?? {},
    answer: outcome.outcome === 'answered' ? outcome.text : draft,
    seconds,
  };
}

/** Indexes each fold with the real pipeline and asks its questions through the real workflow. */
export async function collectObservations(dataset: DocsDataset, options: CollectOptions): Promise<AnswerObservation[]> {
  const questions = dataset.questions.filter((question) => !options.split || halfOf(question.id) === options.split);
  const folds = foldsOf(dataset);
  const total = questions.length * folds.length;
  const observations: AnswerObservation[] = [];
  for (const fold of folds) {
    const config = configWith({ ...options.environment, DOCENT_DATA_DIR: path.join(options.dataDir, `${dataset.name}-${fold.name}`) });
    const services = await openServices(config);
    shareEmbeddings(services.scheduler, options.embeddings);
    const { pipeline, extractor } = createPipeline(services);
    const assistant = new Assistant(services, { chatModel: null });
    try {
      for (const root of fold.roots) await syncFolder(services, pipeline, fs.realpathSync(root));
      options.log(`${dataset.name} ${fold.name}: ${services.registry.totals().indexed} documents, ${await services.index.count()} chunks indexed.`);
      for (const question of questions) {
        const asked = await ask(assistant, question);
        observations.push({
          id: question.id,
          group: question.group,
          split: halfOf(question.id),
          answerable: question.answerable,
          inIndex: question.group !== fold.outOfIndex,
          ...asked,
          recall: question.span ? spanRecall(question.span, asked.answer) : null,
          right: question.evidence.length ? question.evidence.every((evidence) => containsEvidence(asked.answer, evidence)) : null,
        });
        options.onQuestion?.(observations.length, total);
      }
    } finally {
      assistant.close();
      await extractor.close();
      await services.close();
    }
  }
  return observations;
}

const rate = (part: number, whole: number) => round(whole ? part / whole : 0);

/** Whether a question was answered: under one model, or each under its own (calibrate's out-of-fold check). */
export type Answered = (observation: AnswerObservation) => boolean;

/** Whether a question would be answered under `model` (re-scored, so any model can be measured). */
export function answeredUnder(observation: AnswerObservation, model: ConfidenceModel): boolean {
  return !observation.forced && confidenceScore(observation.signals, model) >= model.threshold;
}

/**
 * The figures of eval:docs for a set of observations under a confidence model. An answer covering
 * at least half of the gold span's content words counts as covering it; one covering less than a
 * fifth (or answering what the documents cannot answer) is "answered but wrong". With evidence
 * (docs-qa, handbook), an answer is right when it contains the evidence.
 */
export function measureDocs(observations: AnswerObservation[], under: ConfidenceModel | Answered) {
  const isAnswered: Answered = typeof under === 'function' ? under : (item) => answeredUnder(item, under);
  const answerable = observations.filter((item) => item.answerable && item.inIndex);
  const answered = answerable.filter(isAnswered);
  const cannot = observations.filter((item) => !item.answerable || !item.inIndex);
  const answeredCannot = cannot.filter(isAnswered);
  const wrong = (item: AnswerObservation) => (item.right !== null ? !item.right : (item.recall ?? 0) < 0.2);
  const withRecall = answered.filter((item) => item.recall !== null);
  const unanswerable = observations.filter((item) => !item.answerable);
  const outOfIndex = observations.filter((item) => !item.inIndex || !item.answerable);
  const right = answered.filter((item) => item.right === true);
  return {
    questions: observations.length,
    answerable: answerable.length,
    answered_rate: rate(answered.length, answerable.length),
    span_covered_rate: rate(withRecall.filter((item) => item.recall! >= 0.5).length, withRecall.length),
    mean_span_recall: round(mean(withRecall.map((item) => item.recall!))),
    answered_but_wrong_rate: rate(answered.filter(wrong).length + answeredCannot.length, answered.length + answeredCannot.length),
    answerable_answered_right_rate: answered.some((item) => item.right !== null) ? rate(right.length, answerable.length) : null,
    out_of_index: { n: outOfIndex.length, escalated_rate: rate(outOfIndex.filter((item) => !isAnswered(item)).length, outOfIndex.length) },
    unanswerable: unanswerable.length
      ? { n: unanswerable.length, escalated_rate: rate(unanswerable.filter((item) => !isAnswered(item)).length, unanswerable.length) }
      : null,
    seconds_per_question: round(mean(observations.map((item) => item.seconds)), 4),
  };
}

/** Every observation as a JSON line with whether `model` answers it, for reading answers one by one (`--details`). */
export function writeDetails(file: string, observations: AnswerObservation[], model: ConfidenceModel): void {
  fs.writeFileSync(file, observations.map((item) => JSON.stringify({ ...item, answered: answeredUnder(item, model) })).join('\n'));
}

/** measureDocs per group (doc2dial domain, docs-qa corpus). */
export function measureByGroup(observations: AnswerObservation[], model: ConfidenceModel) {
  const groups = [...new Set(observations.map((item) => item.group))].sort();
  return Object.fromEntries(
    groups.map((group) => [
      group,
      measureDocs(
        observations.filter((item) => item.group === group),
        model,
      ),
    ]),
  );
}

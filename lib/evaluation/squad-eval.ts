import fs from 'node:fs';
import path from 'node:path';
import { foldText } from '../text/fold';
import { languageAmong, loadLanguageDetector } from '../text/language';
import { Assistant } from '../answer/assistant';
import { configWith } from '../config';
import { openServices } from '../services';
import { createPipeline } from '../../ingest/create-pipeline';
import { syncFolder } from '../../ingest/sync';
import { type SquadData, halfOf, materialize } from './datasets';
import { type AnswerObservation, shareEmbeddings } from './docs-eval';
import { SYSTEM } from '../spaces/principals';
import { writtenWithoutSpaces } from '../text/scripts';

// SQuAD 2.0 as an answer set: half of the articles are indexed, so questions about the other half
// are out of index; unanswerable questions about indexed articles must be escalated too.

/** Whether the answer contains one of the gold answers, as whole words. */
export function containsGold(answer: string, golds: string[]): boolean {
  const haystack = ` ${foldText(answer)} `;
  // Chinese, Japanese and Thai put no spaces between words: there the gold answer is a substring.
  return golds.some((gold) => foldText(gold) && haystack.includes(writtenWithoutSpaces(gold) ? foldText(gold) : ` ${foldText(gold)} `));
}

/** The indexed half: every other article, in file order. */
export function indexedTitles(squad: SquadData): Set<string> {
  return new Set(squad.articles.filter((_, index) => index % 2 === 0).map((article) => article.title));
}

export async function collectSquadObservations(
  squad: SquadData,
  options: {
    dataDir: string;
    embeddings?: Map<string, Float32Array>;
    split?: 'a' | 'b';
    limit?: number;
    log: (message: string) => void;
    onQuestion?: (done: number, total: number) => void;
  },
): Promise<AnswerObservation[]> {
  const indexed = indexedTitles(squad);
  const config = configWith({ DOCENT_DATA_DIR: options.dataDir });
  const corpus = path.join(options.dataDir, 'eval-corpus', `answers-${squad.name.replace(/\.json$/, '')}`);
  materialize(
    squad.articles.filter((article) => indexed.has(article.title)).flatMap((article) => article.paragraphs),
    corpus,
  );
  let questions = squad.questions.filter(
    (question) => (question.answerable || indexed.has(question.article)) && (!options.split || halfOf(question.id) === options.split),
  );
  if (options.limit) questions = questions.filter((_, index) => index % Math.max(1, Math.floor(questions.length / options.limit!)) === 0);
  const services = await openServices(config);
  if (options.embeddings) shareEmbeddings(services.scheduler, options.embeddings);
  const { pipeline, extractor } = createPipeline(services);
  const assistant = new Assistant(services, { chatModel: null });
  const observations: AnswerObservation[] = [];
  try {
    await syncFolder(services, pipeline, fs.realpathSync(corpus));
    options.log(
      `SQuAD ${squad.name}: ${indexed.size} of ${squad.articles.length} articles indexed (${await services.index.count()} chunks); ${questions.length} questions.`,
    );
    await loadLanguageDetector();
    for (const question of questions) {
      let draft = '';
      const started = performance.now();
      const { events, outcome } = await assistant.askToCompletion({ viewer: SYSTEM, question: question.question, onDraft: (text) => (draft = text) });
      const seconds = (performance.now() - started) / 1000;
      const confidence = events.find((event) => event.type === 'confidence');
      const checked = confidence?.type === 'confidence' ? confidence : null;
      const answer = outcome.outcome === 'answered' ? outcome.text : draft;
      observations.push({
        id: question.id,
        group: 'squad',
        split: halfOf(question.id),
        answerable: question.answerable,
        inIndex: indexed.has(question.article),
        forced: !checked || (checked.reason !== null && checked.reason !== 'low_confidence'),
        score: checked?.score ?? 0,
        signals: checked?.signals ?? {},
        answer,
        recall: null,
        right: question.answerable ? containsGold(answer, question.answers) : null,
        seconds,
        // As the workflow reads it (a first question has no history to lend it a language).
        language: languageAmong(question.question, services.indexLanguages()),
      });
      options.onQuestion?.(observations.length, questions.length);
    }
  } finally {
    assistant.close();
    await extractor.close();
    await services.close();
  }
  return observations;
}

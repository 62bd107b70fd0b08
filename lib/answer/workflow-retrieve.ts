import { identityKey } from '../embedder/types';
import { searchChunks } from '../retrieval';
import { tokenize } from '../text/tokenize';
import type { Viewer } from '../spaces/principals';
import type { QueryFilter } from '../vector-index/types';
import { type AnswerRun, stage } from './answer-run';
import type { Classification } from './classify';
import { type CuratedMatch, matchCurated } from './curated';
import type { AnswerEvent, Citation } from './events';
import { queryStatistics } from './evidence';
import { condenseWithModel, offlineFollowUp, weightOwnTerms } from './follow-up';
import { citationFor } from './generate';
import { phrasebook } from './localized';
import type { WorkflowDependencies } from './workflow';

export interface Retrieved {
  questionVector: Float32Array;
  /** A reviewed answer to serve; the documents were then not searched. */
  curated: CuratedMatch | null;
}

/**
 * Step 2 of the workflow: reviewed answers first, then the documents. Rewrites a follow-up into a
 * question of its own, embeds it, and leaves the passages and their term weights on the run; a
 * reviewed answer that matches is returned instead (the documents are then not searched).
 */
export async function retrieve(
  deps: WorkflowDependencies,
  run: AnswerRun,
  classification: Classification,
  filter: QueryFilter | undefined,
  viewer: Viewer,
): Promise<Retrieved> {
  const { retriever, config } = deps;
  // Inside the index query, so the best passages the asker may read are never crowded out by others.
  const access = deps.spaces.filterFor(viewer) ?? undefined;
  const { history } = run;
  // What was asked, without the greetings and thanks around it ("thanks! and how long…"): a follow-up all the same.
  const asked = classification.text ?? run.question;
  if (history.length && deps.chatModel) {
    run.retrievalQuery = await condenseWithModel(deps.chatModel, asked, history).catch(() => asked);
  }
  if (history.length && run.retrievalQuery === asked) {
    ({ idf: run.idf, unseen: run.unseen } = await queryStatistics(retriever.index, tokenize(`${asked} ${history.join(' ')}`, run.language)));
    run.retrievalQuery = offlineFollowUp(asked, history, run.idf, run.language);
  }
  const query = run.retrievalQuery;
  const { embedded } = classification;
  const questionVector = embedded?.text === query ? embedded.vector : await retriever.scheduler.embedQuery(query);
  // A question that is not a rewritten follow-up keeps its embedding, so a repeat of it can find its review item.
  if (query === asked) run.embedding = { vector: questionVector, model: identityKey(retriever.index.identity) };
  const curated = run.category === 'question' ? await matchCurated(retriever, deps.curated, query, questionVector, config.answers.paraphrase, access) : null;
  if (curated) return { questionVector, curated };
  run.results = await searchChunks(retriever, query, {
    k: config.answers.passages,
    filter: { ...filter, sourceTypes: ['document'], access },
    queryVector: questionVector,
    language: run.language,
  });
  const terms = tokenize(query, run.language);
  if (run.idf.size === 0 || terms.some((term) => !run.idf.has(term))) ({ idf: run.idf, unseen: run.unseen } = await queryStatistics(retriever.index, terms));
  if (query !== asked) run.idf = weightOwnTerms(run.idf, asked, run.language);
  return { questionVector, curated: null };
}

/** Answers with a reviewed answer: a person vouched for it, so it needs no confidence check. */
export function* serveCurated(run: AnswerRun, match: CuratedMatch, threshold: number): Generator<AnswerEvent> {
  const { hit, entry } = match;
  const citation: Citation = { ...citationFor(hit, 1, entry.answer), sourceType: 'curated', title: entry.question };
  run.results = [hit];
  run.score = 1;
  run.signals = { curated: 1, similarity: hit.dense ?? 0, paraphrase: match.score };
  yield { type: 'sources', sources: [citation] };
  yield stage('reply');
  const text = `${phrasebook(run.replyLanguage).reviewed} ${entry.answer} [1]`;
  yield { type: 'confidence', score: 1, threshold, verdict: 'answer', signals: run.signals, reason: null };
  yield { type: 'token', text };
  yield run.finish('answered', null, text, [citation]);
}

import type { AlertNotifier } from '../alerts';
import type { Config } from '../config';
import { IndexUnavailableError, describeError } from '../errors';
import type { Retriever } from '../retrieval';
import { loadLanguageDetectorFor } from '../text/language';
import { tokenize } from '../text/tokenize';
import type { Viewer } from '../spaces/principals';
import type { Spaces } from '../spaces/spaces';
import type { SpotCheckStore } from './spot-checks';
import type { QueryFilter } from '../vector-index/types';
import type { AnswerLog } from './answer-log';
import { AnswerRun, stage } from './answer-run';
import type { Classification, Classifier } from './classify';
import type { ConversationStore } from './conversations';
import type { CuratedStore } from './curated';
import type { EscalationStore } from './escalations';
import type { AnswerEvent } from './events';
import { STRONG_EVIDENCE, relevantPassage } from './evidence';
import { type Answerer, type Draft, citationFor } from './generate';
import { type ChatModel, ModelUnavailableError, StoppedError } from './llm';
import { confidenceModelFor } from './calibration';
import { phrasebook } from './localized';
import { smalltalkReply } from './smalltalk';
import { checkDraft, streamDraft } from './workflow-draft';
import { type Retrieved, retrieve, serveCurated } from './workflow-retrieve';

export interface WorkflowDependencies {
  config: Config;
  retriever: Retriever;
  /** The serving generation's name, for the log. */
  generation: () => string;
  classifier: Classifier;
  /** Classifies when the main classifier's model is down (the offline rules). */
  fallbackClassifier?: Classifier;
  answerer: Answerer;
  chatModel: ChatModel | null;
  conversations: ConversationStore;
  escalations: EscalationStore;
  curated: CuratedStore;
  answerLog: AnswerLog;
  alerts: AlertNotifier;
  /** Who may read what: retrieval, reviewed answers and escalations follow it. */
  spaces: Spaces;
  /** A sample of answered questions goes to their space's owners to be marked right or wrong. */
  spotChecks: SpotCheckStore;
  /** The start-up sync's progress while it runs (documents not yet read may hold the answer). */
  syncProgress?: () => { done: number; total: number } | null;
}

export interface AskInput {
  question: string;
  conversationId?: string | null;
  filter?: QueryFilter;
  /** Who asks: answers come only from what they may read (lib/spaces). */
  viewer: Viewer;
  /** The asker's earlier question (a message id) this one replaces: asked again, or edited. */
  replaces?: string | null;
  /** Aborted when the asker stops the answer: the model call is cancelled and the run ends as `stopped`. */
  signal?: AbortSignal;
  /** In-process callers only (evaluations): the draft, also when it is escalated rather than answered. */
  onDraft?: (text: string) => void;
}

/**
 * The answer workflow: classify → retrieve → generate → check confidence → reply or escalate,
 * streaming typed events. Every question ends in exactly one outcome, recorded in the
 * conversation and the answer log (AnswerRun.finish); nothing is lost when a dependency is down.
 */
export async function* answerQuestion(deps: WorkflowDependencies, input: AskInput): AsyncGenerator<AnswerEvent> {
  const { config, retriever } = deps;
  // The language detector loads (once) when a question needs it: an English index's mostly do not (englishIndex).
  const earlier = input.conversationId ? deps.conversations.recentQuestions(input.conversationId, 3) : [];
  await loadLanguageDetectorFor([input.question, earlier.join('\n')], retriever.indexLanguages?.() ?? []);
  const run = new AnswerRun(deps, input);
  const { question } = run;
  yield { type: 'started', conversationId: run.conversationId, questionId: run.questionId, answerId: run.answerId };

  // 1. Classify.
  yield stage('classify');
  let classification: Classification;
  // Set when the model failed to classify: generation would only wait out the same timeout again.
  let modelDown: ModelUnavailableError | null = null;
  try {
    classification = await deps.classifier.classify(question);
  } catch (error) {
    if (error instanceof ModelUnavailableError) modelDown = error;
    // A classifier that cannot run must not lose the question: the offline rules decide instead,
    // and if they cannot run either, it is treated as a question (answered or escalated below).
    const unavailable: Classification = { category: 'question', reason: `classifier unavailable (${describeError(error)})` };
    classification = deps.fallbackClassifier ? await deps.fallbackClassifier.classify(question).catch(() => unavailable) : unavailable;
  }
  run.category = classification.category;
  // "hi, how do I…" is searched for without the greeting, which would only dilute the match.
  run.retrievalQuery = classification.text ?? question;
  run.lap('classify');
  yield { type: 'classification', category: run.category, reason: classification.reason };
  if (input.signal?.aborted) {
    yield run.stop();
    return;
  }
  if (run.category === 'smalltalk') {
    const reply = smalltalkReply(classification.smalltalk ?? [], run.replyLanguage);
    yield { type: 'token', text: reply };
    yield run.finish('smalltalk', null, reply, []);
    return;
  }

  // 2. Retrieve: reviewed answers first, then the documents.
  yield stage('retrieve');
  let retrieved: Retrieved;
  try {
    retrieved = await retrieve(deps, run, classification, input.filter, input.viewer);
  } catch (error) {
    run.lap('retrieve');
    if (error instanceof IndexUnavailableError) {
      yield { type: 'error', code: 'index_unavailable', message: 'Search is temporarily unavailable.' };
      yield stage('escalate');
      yield run.finish('escalated', 'index_unavailable', phrasebook(run.replyLanguage).reasons.index_unavailable!, []);
      return;
    }
    throw error;
  }
  run.lap('retrieve');
  if (input.signal?.aborted) {
    yield run.stop();
    return;
  }
  const { questionVector, curated } = retrieved;
  if (curated) {
    yield* serveCurated(run, curated, config.answers.confidence.threshold);
    return;
  }
  const { results } = run;
  yield { type: 'sources', sources: results.map((result, index) => citationFor(result, index + 1)) };

  if (run.category === 'out_of_scope') {
    if (results.some((result) => relevantPassage(result, tokenize(run.retrievalQuery, run.language), run.idf, STRONG_EVIDENCE, run.language))) {
      // Phrased like small talk or trivia, yet the documents speak to it ("what should I bring on my
      // first day?"): a question about the organisation is answered or escalated, never declined.
      run.category = 'question';
      yield { type: 'classification', category: run.category, reason: 'the documents have passages on it, so it is a question for them' };
    } else if (!config.answers.escalateOutOfScope) {
      // A joke or the weather: no document answers it and a reviewer could only dismiss it.
      const declined = phrasebook(run.replyLanguage).declined;
      yield { type: 'token', text: declined };
      yield run.finish('declined', null, declined, []);
      return;
    }
  }
  if (run.category === 'sensitive' || run.category === 'out_of_scope') {
    yield* run.escalate(run.category);
    return;
  }
  if (results.length === 0) {
    yield* run.escalate('no_sources');
    return;
  }

  if (modelDown && deps.answerer.streamsDraft) {
    yield { type: 'error', code: 'model_unavailable', message: modelDown.message };
    yield* run.escalate('model_unavailable');
    return;
  }

  // 3. Generate.
  yield stage('generate');
  const terms = tokenize(run.retrievalQuery, run.language);
  let draft: Draft;
  try {
    draft = yield* streamDraft(deps.answerer, {
      question,
      language: run.language,
      replyLanguage: run.replyLanguage,
      terms,
      idf: run.idf,
      questionVector,
      results,
      signal: input.signal,
    });
    run.draft = draft;
    input.onDraft?.(draft.text);
  } catch (error) {
    run.lap('generate');
    if (error instanceof StoppedError) {
      yield run.stop(error.partial);
      return;
    }
    if (error instanceof ModelUnavailableError) {
      yield { type: 'error', code: 'model_unavailable', message: error.message };
      yield* run.escalate('model_unavailable');
      return;
    }
    throw error;
  }
  run.lap('generate');

  // 4. Check confidence.
  yield stage('check');
  const reason = await checkDraft(run, draft, { config, scheduler: retriever.scheduler, terms, questionVector });
  run.lap('check');
  const { threshold } = confidenceModelFor(config.answers, run.language);
  yield { type: 'confidence', score: run.score!, threshold, verdict: reason ? 'escalate' : 'answer', signals: run.signals, reason };

  // 5. Reply or escalate.
  if (input.signal?.aborted) {
    // Only what the asker saw: a streaming answerer's text; an extractive draft was not shown yet.
    yield run.stop(deps.answerer.streamsDraft ? draft.text : '');
    return;
  }
  if (reason) {
    yield* run.escalate(reason);
    return;
  }
  yield stage('reply');
  if (!deps.answerer.streamsDraft) {
    for (const piece of draft.text.match(/\S+\s*/g) ?? []) yield { type: 'token', text: piece };
  }
  yield run.finish('answered', null, draft.text, draft.citations);
}

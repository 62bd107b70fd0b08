import crypto from 'node:crypto';
import type { AlertNotifier } from '../alerts';
import type { Config } from '../config';
import { identityKey } from '../embedder/types';
import { DocentError, describeError } from '../errors';
import { type Retriever, type SearchResult, searchChunks } from '../retrieval';
import { tokenize } from '../text/tokenize';
import type { QueryFilter } from '../vector-index/types';
import type { AnswerLog } from './answer-log';
import type { Classification, Classifier } from './classify';
import { computeSignals, confidenceScore } from './confidence';
import type { ConversationStore } from './conversations';
import { type CuratedStore, matchCurated } from './curated';
import type { EscalationStore, QuestionVector } from './escalations';
import type { AnswerEvent, Category, Citation, ConfidenceSignals, EscalationReason, Outcome, Stage } from './events';
import { STRONG_EVIDENCE, queryIdf, relevantPassage } from './evidence';
import { type Answerer, type Draft, PROMPT_VERSION, citationFor } from './generate';
import { DECLINED_REPLY, EVIDENCE_MISSING, MESSAGES, PERSON_WILL_ANSWER, indexingReply } from './replies';
import { condenseWithModel, offlineFollowUp, weightOwnTerms } from './follow-up';
import type { ChatModel } from './llm';
import { smalltalkReply } from './smalltalk';

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
  /** The start-up sync's progress while it runs (documents not yet read may hold the answer). */
  syncProgress?: () => { done: number; total: number } | null;
}

export interface AskInput {
  question: string;
  conversationId?: string | null;
  filter?: QueryFilter;
  /** In-process callers only (evaluations): the draft, also when it is escalated rather than answered. */
  onDraft?: (text: string) => void;
}

/**
 * The answer workflow: classify → retrieve → generate → check confidence → reply or escalate,
 * streaming typed events. Every question ends in exactly one outcome, recorded in the
 * conversation and the answer log; nothing is lost when a dependency is down.
 */
export async function* answerQuestion(deps: WorkflowDependencies, input: AskInput): AsyncGenerator<AnswerEvent> {
  const { config, retriever } = deps;
  const question = input.question.trim();
  const timings: Record<string, number> = {};
  const clock = performance.now();
  let mark = clock;
  const lap = (name: string) => {
    const now = performance.now();
    timings[`${name}_s`] = Math.round(now - mark) / 1000;
    mark = now;
  };
  const stage = (name: Stage): AnswerEvent => ({ type: 'stage', stage: name });

  const history = input.conversationId ? deps.conversations.recentQuestions(input.conversationId, 3) : [];
  const conversationId = deps.conversations.ensure(input.conversationId, question);
  deps.conversations.add({ conversationId, role: 'user', content: question, status: null, answerId: null, escalationId: null, citations: [] });
  const answerId = crypto.randomUUID();

  let category: Category = 'question';
  let retrievalQuery = question;
  let results: SearchResult[] = [];
  let draft: Draft | null = null;
  let score: number | null = null;
  let signals: ConfidenceSignals = {};

  let embedding: QuestionVector | null = null;
  const finish = (outcome: Outcome, reason: EscalationReason | null, text: string, citations: Citation[]): AnswerEvent => {
    let escalationId: string | null = null;
    if (outcome === 'escalated') {
      // The same question already waiting for review takes this asker too: one item, no second alert.
      const { escalation, joined } = deps.escalations.openOrJoin(
        {
          conversationId,
          answerId,
          question,
          draft: draft?.text || null,
          sources: draft?.citations.length ? draft.citations : results.slice(0, 5).map((result, index) => citationFor(result, index + 1)),
          score,
          reason: reason!,
          category,
          embedding,
        },
        config.answers.paraphrase,
      );
      escalationId = escalation.id;
      if (!joined) deps.alerts.notify(`New question for review (${reason}): “${question.slice(0, 300)}”`, { escalation_id: escalation.id, reason });
    }
    const message = deps.conversations.add({ conversationId, role: 'assistant', content: text, status: outcome, answerId, escalationId, citations });
    timings.total_s = Math.round(performance.now() - clock) / 1000;
    deps.answerLog.record({
      id: answerId,
      conversationId,
      question,
      retrievalQuery,
      category,
      outcome,
      reason,
      score,
      signals,
      sources: results.slice(0, 10).map((result, index) => citationFor(result, index + 1)),
      answer: text,
      llm: deps.chatModel?.name ?? 'none',
      embedder: identityKey(retriever.index.identity),
      generation: deps.generation(),
      promptVersion: PROMPT_VERSION,
      timings,
    });
    return { type: 'outcome', outcome, answerId, conversationId, messageId: message.id, text, citations, escalationId, reason };
  };

  // 1. Classify.
  yield stage('classify');
  let classification: Classification;
  // Set when the model failed to classify: generation would only wait out the same timeout again.
  let modelDown: DocentError | null = null;
  try {
    classification = await deps.classifier.classify(question);
  } catch (error) {
    if (DocentError.isInstance(error) && error.code === 'model_unavailable') modelDown = error;
    // A classifier that cannot run must not lose the question: the offline rules decide instead,
    // and if they cannot run either, it is treated as a question (answered or escalated below).
    const unavailable: Classification = { category: 'question', reason: `classifier unavailable (${describeError(error)})` };
    classification = deps.fallbackClassifier ? await deps.fallbackClassifier.classify(question).catch(() => unavailable) : unavailable;
  }
  category = classification.category;
  // "hi, how do I…" is searched for without the greeting, which would only dilute the match.
  retrievalQuery = classification.text ?? question;
  lap('classify');
  yield { type: 'classification', category, reason: classification.reason };
  if (category === 'smalltalk') {
    const reply = smalltalkReply(classification.smalltalk ?? []);
    yield { type: 'token', text: reply };
    yield finish('smalltalk', null, reply, []);
    return;
  }

  // 2. Retrieve: reviewed answers first, then the documents.
  yield stage('retrieve');
  let idf = new Map<string, number>();
  let questionVector: Float32Array;
  try {
    if (history.length && deps.chatModel) {
      retrievalQuery = await condenseWithModel(deps.chatModel, question, history).catch(() => question);
    }
    if (history.length && retrievalQuery === question) {
      idf = await queryIdf(retriever.index, tokenize(`${question} ${history.join(' ')}`));
      retrievalQuery = offlineFollowUp(question, history, idf);
    }
    const { embedded } = classification;
    questionVector = embedded?.text === retrievalQuery ? embedded.vector : await retriever.scheduler.embedQuery(retrievalQuery);
    // A question that is not a rewritten follow-up keeps its embedding, so a repeat of it can find its review item.
    if (retrievalQuery === question) embedding = { vector: questionVector, model: identityKey(retriever.index.identity) };
    const match = category === 'question' ? await matchCurated(retriever, deps.curated, retrievalQuery, questionVector, config.answers.paraphrase) : null;
    if (match) {
      const { hit, entry } = match;
      lap('retrieve');
      const citation: Citation = { ...citationFor(hit, 1, entry.answer), sourceType: 'curated', title: entry.question };
      results = [hit];
      score = 1;
      signals = { curated: 1, similarity: hit.dense ?? 0, paraphrase: match.score };
      yield { type: 'sources', sources: [citation] };
      yield stage('reply');
      const text = `Reviewed answer: ${entry.answer} [1]`;
      yield { type: 'confidence', score: 1, threshold: config.answers.confidence.threshold, verdict: 'answer', signals, reason: null };
      yield { type: 'token', text };
      yield finish('answered', null, text, [citation]);
      return;
    }
    results = await searchChunks(retriever, retrievalQuery, {
      k: config.answers.passages,
      filter: { ...input.filter, sourceTypes: ['document'] },
      queryVector: questionVector,
    });
    const terms = tokenize(retrievalQuery);
    if (idf.size === 0 || terms.some((term) => !idf.has(term))) idf = await queryIdf(retriever.index, terms);
    if (retrievalQuery !== question) idf = weightOwnTerms(idf, question);
  } catch (error) {
    lap('retrieve');
    if (DocentError.isInstance(error) && error.code === 'index_unavailable') {
      yield { type: 'error', code: 'index_unavailable', message: 'Search is temporarily unavailable.' };
      yield stage('escalate');
      yield finish('escalated', 'index_unavailable', MESSAGES.index_unavailable!, []);
      return;
    }
    throw error;
  }
  lap('retrieve');
  yield { type: 'sources', sources: results.map((result, index) => citationFor(result, index + 1)) };

  const escalate = function* (reason: EscalationReason): Generator<AnswerEvent> {
    const sync = EVIDENCE_MISSING.has(reason) ? (deps.syncProgress?.() ?? null) : null;
    if (sync) {
      // The answer may be in a document not read yet: a person should not get this question.
      const text = indexingReply(sync);
      yield { type: 'token', text };
      yield finish('indexing', null, text, []);
      return;
    }
    yield stage('escalate');
    // Only passages that bear on the question are shown to the asker, as the closest passages found.
    const terms = tokenize(retrievalQuery);
    const partial = results
      .slice(0, 3)
      .filter((result) => relevantPassage(result, terms, idf))
      .map((result, index) => citationFor(result, index + 1));
    yield finish('escalated', reason, MESSAGES[reason] ?? PERSON_WILL_ANSWER, partial);
  };

  if (category === 'out_of_scope') {
    if (results.some((result) => relevantPassage(result, tokenize(retrievalQuery), idf, STRONG_EVIDENCE))) {
      // Phrased like small talk or trivia, yet the documents speak to it ("what should I bring on my
      // first day?"): a question about the organisation is answered or escalated, never declined.
      category = 'question';
      yield { type: 'classification', category, reason: 'the documents have passages on it, so it is a question for them' };
    } else if (!config.answers.escalateOutOfScope) {
      // A joke or the weather: no document answers it and a reviewer could only dismiss it.
      yield { type: 'token', text: DECLINED_REPLY };
      yield finish('declined', null, DECLINED_REPLY, []);
      return;
    }
  }
  if (category === 'sensitive' || category === 'out_of_scope') {
    yield* escalate(category);
    return;
  }
  if (results.length === 0) {
    yield* escalate('no_sources');
    return;
  }

  if (modelDown && deps.answerer.streamsDraft) {
    yield { type: 'error', code: 'model_unavailable', message: modelDown.message };
    yield* escalate('model_unavailable');
    return;
  }

  // 3. Generate.
  yield stage('generate');
  const terms = tokenize(retrievalQuery);
  // Tokens of a streaming answerer go out as they arrive: a small queue bridges its callback
  // to this generator.
  const pending: string[] = [];
  let wake: (() => void) | null = null;
  let drafted = false;
  const drafting = deps.answerer
    .draft({
      question,
      terms,
      idf,
      questionVector,
      results,
      onToken: (text) => {
        pending.push(text);
        wake?.();
      },
    })
    .finally(() => {
      drafted = true;
      wake?.();
    });
  // Its failure is handled below, after the tokens; this keeps it from counting as unhandled meanwhile.
  drafting.catch(() => undefined);
  try {
    while (!drafted || pending.length) {
      if (pending.length) {
        yield { type: 'token', text: pending.shift()! };
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    draft = await drafting;
    input.onDraft?.(draft.text);
  } catch (error) {
    lap('generate');
    if (DocentError.isInstance(error) && error.code === 'model_unavailable') {
      yield { type: 'error', code: 'model_unavailable', message: error.message };
      yield* escalate('model_unavailable');
      return;
    }
    throw error;
  }
  lap('generate');

  // 4. Check confidence.
  yield stage('check');
  const answerVector = draft.answerBody ? await retriever.scheduler.embedQuery(draft.answerBody) : null;
  signals = computeSignals({ terms, idf, questionVector, answerVector, results, draft });
  const model = config.answers.confidence;
  score = draft.abstained || !draft.text ? 0 : confidenceScore(signals, model);
  if (draft.citations.some((citation) => citation.lowConfidence)) {
    // Quoting a page OCR read with low confidence: the words may not be what the page says.
    signals.low_confidence_ocr = 1;
    score *= config.ocr.confidencePenalty;
  }
  const reason: EscalationReason | null = draft.abstained ? 'not_in_documents' : !draft.text ? 'no_sources' : score < model.threshold ? 'low_confidence' : null;
  lap('check');
  yield { type: 'confidence', score, threshold: model.threshold, verdict: reason ? 'escalate' : 'answer', signals, reason };

  // 5. Reply or escalate.
  if (reason) {
    yield* escalate(reason);
    return;
  }
  yield stage('reply');
  if (!deps.answerer.streamsDraft) {
    for (const piece of draft.text.match(/\S+\s*/g) ?? []) yield { type: 'token', text: piece };
  }
  yield finish('answered', null, draft.text, draft.citations);
}

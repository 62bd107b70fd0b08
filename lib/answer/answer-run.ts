import crypto from 'node:crypto';
import { identityKey } from '../embedder/types';
import { InvalidRequestError } from '../errors';
import type { SearchResult } from '../retrieval';
import { UNDETERMINED, languageAmong, languageOf } from '../text/language';
import { tokenize } from '../text/tokenize';
import type { QuestionVector } from './escalations';
import type { AnswerEvent, Category, Citation, ConfidenceSignals, EscalationReason, Outcome, Stage } from './events';
import { RELEVANCE_FLOOR, relevantPassage } from './evidence';
import { type Draft, PROMPT_VERSION, citationFor } from './generate';
import { phrasebook } from './localized';
import { EVIDENCE_MISSING, indexingReply } from './replies';
import type { AskInput, WorkflowDependencies } from './workflow';

export const stage = (name: Stage): AnswerEvent => ({ type: 'stage', stage: name });

/**
 * One question on its way through the workflow: what each step found, and the one place its
 * outcome is recorded (the conversation, the answer log, and the review queue when escalated).
 */
export class AnswerRun {
  readonly question: string;
  readonly answerId = crypto.randomUUID();
  readonly conversationId: string;
  /** The asker's message in the conversation, and when it was asked. */
  readonly questionId: string;
  private readonly askedAt: number;
  /** The conversation's latest earlier questions, newest first (for follow-ups). */
  readonly history: string[];
  /** The language the question is searched in (ISO 639-1): its terms are stemmed in it, and its confidence model is that language's. One the index holds (languageAmong). */
  readonly language: string;
  /** The language Docent's own sentences are written in: the question's, else its conversation's (a short follow-up), else the one it is searched in. */
  readonly replyLanguage: string;
  category: Category = 'question';
  retrievalQuery: string;
  results: SearchResult[] = [];
  idf = new Map<string, number>();
  /** The question's terms that no indexed passage holds: words the index has never seen. */
  unseen = new Set<string>();
  draft: Draft | null = null;
  score: number | null = null;
  signals: ConfidenceSignals = {};
  /** The question's embedding, kept so that a repeat of it can find its review item. */
  embedding: QuestionVector | null = null;
  private readonly timings: Record<string, number> = {};
  private readonly clock = performance.now();
  private mark = this.clock;

  constructor(
    private readonly deps: WorkflowDependencies,
    input: AskInput,
  ) {
    this.question = input.question.trim();
    this.retrievalQuery = this.question;
    const { viewer } = input;
    this.questionId = crypto.randomUUID();
    // Asked again or edited: the turn it replaces leaves the conversation (the answer log keeps it).
    if (input.replaces && !(input.conversationId && deps.conversations.replace(input.conversationId, input.replaces, this.questionId))) {
      throw new InvalidRequestError('invalid_replaces', 'The question to replace is not one of this conversation.');
    }
    // Read after the replacement: the question being replaced is not history for its replacement.
    this.history = input.conversationId ? deps.conversations.recentQuestions(input.conversationId, 3) : [];
    const indexed = deps.retriever.indexLanguages?.() ?? [];
    const earlier = this.history.length ? languageOf(this.history.join('\n'), UNDETERMINED, indexed) : UNDETERMINED;
    this.language = languageAmong(this.question, indexed, earlier);
    this.replyLanguage = languageOf(this.question, earlier === UNDETERMINED ? this.language : earlier, indexed);
    this.conversationId = deps.conversations.ensure(input.conversationId, this.question, {
      ownerId: viewer.kind === 'person' ? viewer.id : null,
      browserId: viewer.kind === 'system' ? null : (viewer.browser ?? null),
    });
    this.askedAt = deps.conversations.add({
      id: this.questionId,
      conversationId: this.conversationId,
      role: 'user',
      content: this.question,
      status: null,
      answerId: null,
      escalationId: null,
      citations: [],
    }).createdAt;
  }

  /** Records the time since the previous lap as the `<name>_s` timing. */
  lap(name: string): void {
    const now = performance.now();
    this.timings[`${name}_s`] = Math.round(now - this.mark) / 1000;
    this.mark = now;
  }

  /** Ends the run: every question ends here exactly once. */
  finish(outcome: Outcome, reason: EscalationReason | null, text: string, citations: Citation[]): AnswerEvent {
    const { deps, draft, results } = this;
    let escalationId: string | null = null;
    const event = {
      type: 'outcome',
      outcome,
      answerId: this.answerId,
      conversationId: this.conversationId,
      questionId: this.questionId,
      text,
      citations,
      reason,
    } as const;
    // Deleted while it was being answered (the asker's own DELETE): nothing of it may come back.
    if (!deps.conversations.exists(this.conversationId)) return { ...event, messageId: '', escalationId: null };
    if (outcome === 'escalated') {
      const sources = draft?.citations.length ? draft.citations : results.slice(0, 5).map((result, index) => citationFor(result, index + 1));
      // The same question already waiting for review takes this asker too: one item, no second alert.
      const { escalation, joined } = deps.escalations.openOrJoin(
        {
          conversationId: this.conversationId,
          answerId: this.answerId,
          question: this.question,
          draft: draft?.text || null,
          sources,
          score: this.score,
          reason: reason!,
          category: this.category,
          embedding: this.embedding,
          // Routed to the owners of the closest source's space; the others say who else may see the answer.
          ...deps.spaces.routeFor(sources),
        },
        deps.config.answers.paraphrase,
      );
      escalationId = escalation.id;
      if (!joined) {
        // With DOCENT_PUBLIC_URL, the alert links to the review queue (a webhook has no request to take an origin from).
        const origin = deps.config.web.publicOrigin;
        const review = origin ? { url: `${origin}/review` } : {};
        const text = `New question for review (${reason}): “${this.question.slice(0, 300)}”${origin ? ` ${origin}/review` : ''}`;
        deps.alerts.notify(text, { escalation_id: escalation.id, reason, space: escalation.space, ...review });
      }
    }
    if (outcome === 'answered' && citations.length && citations.every((citation) => citation.sourceType === 'document')) this.sample(text, citations);
    const message = deps.conversations.add({
      conversationId: this.conversationId,
      role: 'assistant',
      content: text,
      status: outcome,
      answerId: this.answerId,
      escalationId,
      citations,
      // A stopped answer may be recorded after the asker's next question: it still sits with its own.
      createdAt: outcome === 'stopped' ? this.askedAt : undefined,
      answering: this.questionId,
    });
    this.timings.total_s = Math.round(performance.now() - this.clock) / 1000;
    deps.answerLog.record({
      id: this.answerId,
      conversationId: this.conversationId,
      question: this.question,
      retrievalQuery: this.retrievalQuery,
      category: this.category,
      outcome,
      reason,
      score: this.score,
      signals: this.signals,
      sources: results.slice(0, 10).map((result, index) => citationFor(result, index + 1)),
      answer: text,
      llm: deps.chatModel?.name ?? 'none',
      embedder: identityKey(deps.retriever.index.identity),
      generation: deps.generation(),
      promptVersion: PROMPT_VERSION,
      timings: this.timings,
    });
    return { ...event, messageId: message.id, escalationId };
  }

  /**
   * Ends a run the asker stopped, keeping what they had seen of it. Its citations are the passages
   * it was written from, so that it is withheld like any answer from someone who may not read them.
   */
  stop(shown = ''): AnswerEvent {
    this.lap('stopped');
    this.score = null;
    const passages = this.draft?.citations.length
      ? this.draft.citations
      : this.results.slice(0, this.deps.config.answers.passages).map((result, index) => citationFor(result, index + 1));
    return this.finish('stopped', null, shown.trim(), shown.trim() ? passages : []);
  }

  /** Sends a share of answers from the documents to their space's owners to check (reviewed answers were checked already). */
  private sample(text: string, citations: Citation[]): void {
    const { deps } = this;
    const { space } = deps.spaces.routeFor(citations);
    if (!deps.spotChecks.shouldSample(space, deps.config.answers.spotChecks.share)) return;
    deps.spotChecks.create({ answerId: this.answerId, conversationId: this.conversationId, space, question: this.question, answer: text, citations });
  }

  /** Hands the question to a person, unless the answer may be in a document the start-up sync has not read yet. */
  *escalate(reason: EscalationReason): Generator<AnswerEvent> {
    const sync = EVIDENCE_MISSING.has(reason) ? (this.deps.syncProgress?.() ?? null) : null;
    if (sync) {
      // A person should not get a question the documents may answer in a moment.
      const text = indexingReply(sync, this.replyLanguage);
      yield { type: 'token', text };
      yield this.finish('indexing', null, text, []);
      return;
    }
    yield stage('escalate');
    // Only passages that bear on the question are shown to the asker, as the closest passages found.
    const terms = tokenize(this.retrievalQuery, this.language);
    const partial = this.results
      .slice(0, 3)
      .filter((result) => relevantPassage(result, terms, this.idf, RELEVANCE_FLOOR, this.language))
      .map((result, index) => citationFor(result, index + 1));
    const book = phrasebook(this.replyLanguage);
    yield this.finish('escalated', reason, book.reasons[reason] ?? book.personWillAnswer, partial);
  }
}

import { AlertNotifier } from '../alerts';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { DocentError, NotFoundError } from '../errors';
import type { Services } from '../services';
import { AnswerLog } from './answer-log';
import { type Classifier, LlmClassifier, RuleClassifier, compileSensitivePatterns } from './classify';
import { ConversationStore } from './conversations';
import { CuratedStore, reconcileCuratedSources } from './curated';
import { EscalationStore } from './escalations';
import { FeedbackStore } from './feedback';
import type { AnswerEvent } from './events';
import { ExtractiveAnswerer } from './extractive';
import { type Answerer, LlmAnswerer } from './generate';
import { type ChatModel, createChatModel } from './llm';
import { type ReviewInput, deleteCurated, reviewEscalation, updateCurated } from './review';
import { type AskInput, answerQuestion } from './workflow';

export interface AssistantOptions {
  log?: (message: string) => void;
  /** Replaces the configured chat model (tests point it at a double). */
  chatModel?: ChatModel | null;
}

export interface ForgetReport {
  conversation: string;
  messages: number;
  answers_logged: number;
  escalations: number;
  feedback: number;
  curated_kept: number;
}

/**
 * The answer workflow with everything it needs, chosen from config in this one place: the
 * classifier and answerer (LLM-backed when DOCENT_LLM=openai, offline otherwise), the stores of
 * conversations, escalations, curated answers and the answer log, and the alert webhook.
 */
export class Assistant {
  readonly conversations: ConversationStore;
  readonly escalations: EscalationStore;
  readonly curated: CuratedStore;
  readonly answerLog: AnswerLog;
  readonly feedback: FeedbackStore;
  readonly alerts: AlertNotifier;
  readonly chatModel: ChatModel | null;
  private readonly sensitive: { name: string; pattern: RegExp }[];
  private parts: { scheduler: EmbeddingScheduler; classifier: Classifier; fallbackClassifier: Classifier; answerer: Answerer } | null = null;

  constructor(
    readonly services: Services,
    options: AssistantOptions = {},
  ) {
    const { db, config } = services;
    this.conversations = new ConversationStore(db);
    this.escalations = new EscalationStore(db);
    this.curated = new CuratedStore(db);
    this.answerLog = new AnswerLog(db);
    this.feedback = new FeedbackStore(db);
    this.alerts = new AlertNotifier(db, config.alertWebhookUrl, options.log);
    this.chatModel = options.chatModel === undefined ? createChatModel(config) : options.chatModel;
    this.sensitive = compileSensitivePatterns(config.answers.sensitivePatterns);
  }

  /**
   * The classifier and answerer for the serving generation's embedder. The offline ones embed with
   * it and cache its vectors, so they are rebuilt when a reindex swaps it (the old one is closed).
   */
  private current() {
    const { scheduler, config } = this.services;
    if (this.parts?.scheduler !== scheduler) {
      const fallbackClassifier = new RuleClassifier(scheduler, this.sensitive);
      this.parts = {
        scheduler,
        fallbackClassifier,
        classifier: this.chatModel
          ? new LlmClassifier(this.chatModel, this.sensitive, Object.keys(config.answers.sensitivePatterns).join(', '))
          : fallbackClassifier,
        answerer: this.chatModel ? new LlmAnswerer(this.chatModel, config.answers.passages) : new ExtractiveAnswerer(scheduler),
      };
    }
    return this.parts;
  }

  get classifier(): Classifier {
    return this.current().classifier;
  }

  get fallbackClassifier(): Classifier {
    return this.current().fallbackClassifier;
  }

  get answerer(): Answerer {
    return this.current().answerer;
  }

  /** Streams the workflow's events for one question (after following any reindex elsewhere). */
  async *ask(input: AskInput): AsyncGenerator<AnswerEvent> {
    await this.services.refresh();
    const { classifier, fallbackClassifier, answerer } = this.current();
    yield* answerQuestion(
      {
        config: this.services.config,
        retriever: this.services,
        generation: () => this.services.generation.name,
        classifier,
        fallbackClassifier,
        answerer,
        chatModel: this.chatModel,
        conversations: this.conversations,
        escalations: this.escalations,
        curated: this.curated,
        answerLog: this.answerLog,
        alerts: this.alerts,
        syncProgress: () => this.services.syncProgress(),
      },
      input,
    );
  }

  /** Runs a question to its outcome, collecting the events (evaluations, scripts, tests). */
  async askToCompletion(input: AskInput): Promise<{ events: AnswerEvent[]; outcome: Extract<AnswerEvent, { type: 'outcome' }> }> {
    const events: AnswerEvent[] = [];
    for await (const event of this.ask(input)) events.push(event);
    const outcome = events.find((event): event is Extract<AnswerEvent, { type: 'outcome' }> => event.type === 'outcome');
    if (!outcome) throw new DocentError('workflow_incomplete', 'The answer workflow ended without an outcome.');
    return { events, outcome };
  }

  private reviewDependencies() {
    return {
      escalations: this.escalations,
      curated: this.curated,
      conversations: this.conversations,
      registry: this.services.registry,
      index: this.services.index,
      scheduler: this.services.scheduler,
    };
  }

  async review(escalationId: string, input: ReviewInput) {
    await this.services.refresh();
    return reviewEscalation(this.reviewDependencies(), escalationId, input);
  }

  updateCurated(id: string, changes: { question?: string; answer?: string }, actor: string) {
    return updateCurated(this.reviewDependencies(), id, changes, actor);
  }

  deleteCurated(id: string, actor: string) {
    return deleteCurated(this.reviewDependencies(), id, actor);
  }

  /** Curated answers whose source documents changed go back to review (run after ingestion). */
  async reconcileCurated() {
    return reconcileCuratedSources({ store: this.curated, escalations: this.escalations, registry: this.services.registry, index: this.services.index });
  }

  /** Thumbs up or down on an answer; a down-rating can send the answer to the review queue. */
  rate(answerId: string, input: { rating: 'up' | 'down'; comment?: string; sendToReview?: boolean }): { id: string; escalationId: string | null } {
    const answer = this.answerLog.get(answerId);
    if (!answer) throw new NotFoundError('not_found', `There is no answer ${answerId}.`);
    let escalationId: string | null = null;
    if (input.rating === 'down' && input.sendToReview) {
      escalationId = this.escalations.create({
        conversationId: answer.conversationId,
        answerId,
        question: answer.question,
        draft: answer.answer,
        sources: answer.sources,
        score: answer.score,
        reason: 'user_feedback',
        category: answer.category,
        actor: 'asker',
      }).id;
      this.alerts.notify(`An answer was rated down and sent for review: “${answer.question.slice(0, 300)}”`, { escalation_id: escalationId });
    }
    const id = this.feedback.add({ answerId, conversationId: answer.conversationId, rating: input.rating, comment: input.comment ?? null, escalationId });
    return { id, escalationId };
  }

  /** Removes a conversation, its answers' log entries, its escalations and feedback (a personal-data request). */
  forget(conversationId: string): ForgetReport {
    return this.services.db.transaction(() => {
      // Escalations others asked too stay (theirs now); only the ones this conversation alone asked go.
      this.escalations.releaseConversation(conversationId);
      const escalationIds = this.escalations.deleteConversation(conversationId);
      return {
        conversation: conversationId,
        messages: this.conversations.delete(conversationId),
        answers_logged: this.answerLog.deleteConversation(conversationId),
        escalations: escalationIds.length,
        feedback: this.feedback.deleteConversation(conversationId),
        curated_kept: this.curated.unlinkEscalations(escalationIds),
      };
    })();
  }

  close(): void {
    this.alerts.close();
  }
}

import { AlertNotifier } from '../alerts';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { UserStore } from '../auth/users';
import { DocentError, NotFoundError } from '../errors';
import type { Services } from '../services';
import type { Viewer } from '../spaces/principals';
import { SpaceStore } from '../spaces/space-store';
import { Spaces } from '../spaces/spaces';
import { AnswerGate } from './answer-gate';
import { AnswerLog } from './answer-log';
import { type Classifier, LlmClassifier, RuleClassifier, compileSensitivePatterns } from './classify';
import { ConversationAccess } from './conversation-access';
import { ConversationStore } from './conversations';
import { CuratedStore, reconcileCuratedSources } from './curated';
import { EscalationStore } from './escalations';
import { FeedbackStore } from './feedback';
import { SpotCheckStore } from './spot-checks';
import { ReviewDesk } from './review-desk';
import type { AnswerEvent } from './events';
import { englishIndex, loadLanguageDetector } from '../text/language';
import { ExtractiveAnswerer } from './extractive';
import { type Answerer, LlmAnswerer } from './generate';
import { type ChatModel, createChatModel } from './llm';
import { type AskInput, answerQuestion } from './workflow';
import { DEFAULT_SCOPE_OPTIONS } from './scope';

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
  spot_checks: number;
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
  readonly spaces: Spaces;
  readonly spotChecks: SpotCheckStore;
  /** What reviewers and owners do: the queue, decisions, hand-offs, reviewed answers, spot checks. */
  readonly reviews: ReviewDesk;
  /** Who may open, continue, rename and delete a conversation. */
  readonly access: ConversationAccess;
  readonly chatModel: ChatModel | null;
  private readonly users: UserStore;
  private readonly sensitive: { name: string; pattern: RegExp }[];
  /** Questions worked on at once (DOCENT_ANSWER_CONCURRENCY); the rest wait in the order they came. */
  private readonly gate: AnswerGate;
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
    this.spaces = new Spaces(new SpaceStore(db), this.curated, () => this.services.registry);
    this.spotChecks = new SpotCheckStore(db);
    this.reviews = new ReviewDesk(() => ({
      escalations: this.escalations,
      curated: this.curated,
      conversations: this.conversations,
      registry: this.services.registry,
      index: this.services.index,
      scheduler: this.services.scheduler,
      spaces: this.spaces,
      viewerOf: (conversationId: string) => this.access.askerOf(conversationId),
      spotChecks: this.spotChecks,
      alerts: this.alerts,
      minPrecision: config.answers.spotChecks.minPrecision,
      refresh: () => this.services.refresh(),
    }));
    this.users = new UserStore(db);
    this.gate = new AnswerGate(services.config.answers.concurrency);
    this.access = new ConversationAccess({ conversations: this.conversations, escalations: this.escalations, spaces: this.spaces, users: this.users });
    this.alerts = new AlertNotifier(db, config.alertWebhookUrl, options.log, undefined, (space) => this.spaces.access().webhookOf(space));
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
      const fallbackClassifier = new RuleClassifier(scheduler, this.sensitive, {
        ...DEFAULT_SCOPE_OPTIONS,
        languages: config.retrieval.denseLanguages,
        indexLanguages: () => this.services.indexLanguages(),
      });
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

  /** Someone is about to ask: the embedder starts loading, the offline classifier embeds its examples and the language detector loads now. */
  async prepare(): Promise<void> {
    this.services.scheduler.prepare();
    this.current();
    // Questions asked of an English index mostly do without the detector (englishIndex): it loads with the first that needs it.
    if (!englishIndex(this.services.indexLanguages())) await loadLanguageDetector();
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

  /** Throws not-found unless the viewer may continue this conversation (ConversationAccess). */
  checkConversation(viewer: Viewer, conversationId: string | null | undefined): void {
    this.access.checkOwner(viewer, conversationId);
  }

  /** Deletes one of the viewer's conversations the way `npm run forget` does: its answer log entries go too. */
  forgetFor(viewer: Viewer, conversationId: string): ForgetReport {
    this.access.checkOwner(viewer, conversationId);
    return this.forget(conversationId);
  }

  /** Questions waiting for their turn (DOCENT_ANSWER_CONCURRENCY are worked on at once). */
  get waitingQuestions(): number {
    return this.gate.waiting;
  }

  /** Streams the workflow's events for one question (after following any reindex elsewhere). */
  async *ask(input: AskInput): AsyncGenerator<AnswerEvent> {
    this.checkConversation(input.viewer, input.conversationId);
    const leave = await this.gate.enter();
    try {
      yield* this.answer(input);
    } finally {
      leave();
    }
  }

  private async *answer(input: AskInput): AsyncGenerator<AnswerEvent> {
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
        spaces: this.spaces,
        spotChecks: this.spotChecks,
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

  /** Curated answers whose source documents changed go back to review (run after ingestion). */
  async reconcileCurated() {
    return reconcileCuratedSources({ store: this.curated, escalations: this.escalations, registry: this.services.registry, index: this.services.index });
  }

  /** Thumbs up or down on an answer; a down-rating can send the answer to the review queue. */
  rate(
    answerId: string,
    input: { rating: 'up' | 'down'; comment?: string; sendToReview?: boolean },
    viewer: Viewer,
  ): { id: string; escalationId: string | null } {
    const answer = this.answerLog.get(answerId);
    if (!answer) throw new NotFoundError('not_found', `There is no answer ${answerId}.`);
    // Only whoever may read the conversation rates its answers (and sends them, with their sources, to review).
    this.checkConversation(viewer, answer.conversationId);
    let escalationId: string | null = null;
    if (input.rating === 'down' && input.sendToReview) {
      const escalation = this.escalations.create({
        conversationId: answer.conversationId,
        answerId,
        question: answer.question,
        draft: answer.answer,
        sources: answer.sources,
        score: answer.score,
        reason: 'user_feedback',
        category: answer.category,
        actor: 'asker',
        ...this.spaces.routeFor(answer.sources),
      });
      escalationId = escalation.id;
      this.alerts.notify(`An answer was rated down and sent for review: “${answer.question.slice(0, 300)}”`, {
        escalation_id: escalationId,
        space: escalation.space,
      });
    }
    const id = this.feedback.add({ answerId, conversationId: answer.conversationId, rating: input.rating, comment: input.comment ?? null, escalationId });
    return { id, escalationId };
  }

  /** Removes a conversation, its answers' log entries, its escalations and feedback (a personal-data request). */
  forget(conversationId: string): ForgetReport {
    return this.services.db
      .transaction(() => {
        // Escalations others asked too stay (theirs now); only the ones this conversation alone asked go.
        this.escalations.releaseConversation(conversationId);
        const escalationIds = this.escalations.deleteConversation(conversationId);
        return {
          conversation: conversationId,
          messages: this.conversations.delete(conversationId),
          answers_logged: this.answerLog.deleteConversation(conversationId),
          escalations: escalationIds.length,
          feedback: this.feedback.deleteConversation(conversationId),
          spot_checks: this.spotChecks.deleteConversation(conversationId),
          curated_kept: this.curated.unlinkEscalations(escalationIds),
        };
      })
      .immediate();
  }

  close(): void {
    this.alerts.close();
  }
}

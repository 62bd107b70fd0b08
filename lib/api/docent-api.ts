import type { Assistant } from '../answer/assistant';
import type { AnswerEvent } from '../answer/events';
import { type User, UserStore } from '../auth/users';
import { DocentError, ModelNotFoundError, TooManyRequestsError, UnauthenticatedError } from '../errors';
import { searchChunks } from '../retrieval';
import { type Viewer, personViewer } from '../spaces/principals';
import type { QueryFilter } from '../vector-index/types';
import { type DocumentView, documentView } from '../web/documents';
import { looksLikeApiKey } from './api-key';
import { type ApiKeyInfo, ApiKeyStore } from './api-key-store';
import { type Outcome, replyText, sourceUrl } from './openai-format';
import { type Turn, transcriptHash } from './openai-request';
import { SlidingWindowLimiter } from './rate-limiter';
import { ThreadStore } from './thread-store';

// What the OpenAI-compatible API and the MCP server share: API keys, models (Docent, and one per
// readable space), answers through the one answer workflow, search and documents. Everything is
// asked as the key's user, so spaces apply exactly as in the chat.

/** Who calls: the key, its user (whose spaces bound what they read), and the origin links start with. */
export interface ApiCaller {
  key: ApiKeyInfo;
  user: User;
  viewer: Viewer;
  origin: string;
}

export interface ApiModel {
  id: string;
  /** The space the model answers from; null: every space the key may read. */
  space: string | null;
}

export interface AskRequest {
  question: string;
  /** The turns before the question, as the client sent them (OpenAI clients send the whole history). */
  prior?: Turn[];
  /** Continues this conversation (MCP); otherwise the history decides. */
  conversationId?: string | null;
  model?: string;
  signal?: AbortSignal;
}

export interface ApiAnswer {
  outcome: Outcome;
  /** The reply as a client shows it: Markdown with footnotes, or the hand-over with its link. */
  text: string;
  confidence: number | null;
}

export interface Passage {
  doc_id: string;
  path: string;
  title: string | null;
  page: number | null;
  heading: string | null;
  score: number;
  text: string;
  url: string;
}

export const MODEL = 'docent';
const SPACE_MODEL = `${MODEL}/`;

export class DocentApi {
  readonly keys: ApiKeyStore;
  private readonly threads: ThreadStore;
  private readonly users: UserStore;
  private readonly limiter = new SlidingWindowLimiter();

  constructor(private readonly assistant: Assistant) {
    this.keys = new ApiKeyStore(assistant.services.db);
    this.threads = new ThreadStore(assistant.services.db);
    this.users = new UserStore(assistant.services.db);
  }

  private get config() {
    return this.assistant.services.config;
  }

  /** The caller of a request with this bearer token: 401 without a live key, 429 over the key's rate limit. */
  authenticate(token: string | null | undefined, requestOrigin?: string): ApiCaller {
    if (!token) {
      throw new UnauthenticatedError(
        'missing_api_key',
        'This needs an API key: send "Authorization: Bearer <key>" (admins create keys on /admin or with npm run api-key).',
      );
    }
    const key = looksLikeApiKey(token) ? this.keys.verify(token) : null;
    const user = key ? this.users.get(key.userId) : null;
    if (!key || !user) throw new UnauthenticatedError('invalid_api_key', 'The API key is not valid: it is unknown or was revoked.');
    const wait = this.limiter.take(key.id, key.ratePerMinute ?? this.config.api.ratePerMinute);
    if (wait) throw new TooManyRequestsError('rate_limit_exceeded', `This key made too many requests; try again in ${wait} s.`, wait);
    return { key, user, viewer: personViewer(user), origin: this.config.web.publicOrigin ?? requestOrigin ?? `http://localhost:${this.config.port}` };
  }

  /** `docent` (everything the key may read) and `docent/<space>` for each space it may read. */
  models(caller: ApiCaller): ApiModel[] {
    const access = this.assistant.spaces.access();
    const spaces = access.spaces.filter((space) => !space.removed && access.canReadSpace(caller.viewer, space.name)).map((space) => space.name);
    return [{ id: MODEL, space: null }, ...spaces.sort().map((space) => ({ id: `${SPACE_MODEL}${space}`, space }))];
  }

  /** The part of the index a model answers from (none: all the key may read); an unknown or unreadable model is not found. */
  filterFor(caller: ApiCaller, model: string | undefined): QueryFilter | undefined {
    if (model === undefined || model === MODEL) return undefined;
    const access = this.assistant.spaces.access();
    const space = model.startsWith(SPACE_MODEL) ? access.get(model.slice(SPACE_MODEL.length)) : null;
    if (!space || space.removed || !access.canReadSpace(caller.viewer, space.name)) throw new ModelNotFoundError(model);
    return { pathPrefix: space.folder || undefined, roots: space.root === null ? undefined : [space.root] };
  }

  /**
   * The conversation a history continues: the one this user's earlier reply ended (found by the
   * history's hash), else a new one holding the history, so that follow-ups read it and the
   * conversation page shows the whole exchange.
   */
  private conversationFor(caller: ApiCaller, prior: Turn[]): string | null {
    if (!prior.length) return null;
    const { conversations } = this.assistant;
    const known = this.threads.conversationOf(caller.user.id, transcriptHash(prior));
    if (known && conversations.ownerOf(known)?.ownerId === caller.user.id) return known;
    const first = prior.find((turn) => turn.role === 'user') ?? prior[0]!;
    const id = conversations.ensure(null, first.content, { ownerId: caller.user.id, browserId: null });
    for (const turn of prior) {
      conversations.add({
        conversationId: id,
        role: turn.role,
        content: turn.content,
        status: turn.role === 'assistant' ? 'answered' : null,
        answerId: null,
        escalationId: null,
        citations: [],
      });
    }
    return id;
  }

  /** The answer workflow's events for a question, asked as the key's user. */
  async *ask(caller: ApiCaller, request: AskRequest): AsyncGenerator<AnswerEvent> {
    const filter = this.filterFor(caller, request.model);
    const conversationId = request.conversationId ?? this.conversationFor(caller, request.prior ?? []);
    yield* this.assistant.ask({ question: request.question, conversationId, filter, viewer: caller.viewer, signal: request.signal });
  }

  /** Records the reply the client got, so that its next request (the history with this reply) continues the conversation. */
  remember(caller: ApiCaller, request: AskRequest, reply: string, conversationId: string): void {
    const turns: Turn[] = [...(request.prior ?? []), { role: 'user', content: request.question }, { role: 'assistant', content: reply }];
    this.threads.remember(caller.user.id, transcriptHash(turns), conversationId);
  }

  /** Runs a question to its outcome. */
  async answer(caller: ApiCaller, request: AskRequest): Promise<ApiAnswer> {
    let outcome: Outcome | null = null;
    let confidence: number | null = null;
    for await (const event of this.ask(caller, request)) {
      if (event.type === 'confidence') confidence = event.score;
      if (event.type === 'outcome') outcome = event;
    }
    if (!outcome) throw new DocentError('workflow_incomplete', 'The answer workflow ended without an outcome.');
    const text = replyText(outcome, caller.origin);
    this.remember(caller, request, text, outcome.conversationId);
    return { outcome, text, confidence };
  }

  /** Passages for a query from what the key may read, best first, with their source links. */
  async search(
    caller: ApiCaller,
    input: { query: string; k: number; model?: string; filter?: Omit<QueryFilter, 'access' | 'sourceTypes' | 'docIds'> },
  ): Promise<Passage[]> {
    const { services, spaces } = this.assistant;
    await services.refresh();
    const access = spaces.filterFor(caller.viewer) ?? undefined;
    const results = await searchChunks(services, input.query, {
      k: input.k,
      filter: { ...this.filterFor(caller, input.model), ...input.filter, sourceTypes: ['document'], access },
    });
    return results.map((result) => ({
      doc_id: result.docId,
      path: result.path,
      title: result.title,
      page: result.page,
      heading: result.heading,
      score: Math.round(result.score * 1000) / 1000,
      text: result.text,
      url: sourceUrl(caller.origin, result.docId),
    }));
  }

  /** A document's indexed text, if the key may read it (one it may not read is not found, like one that does not exist). */
  async document(caller: ApiCaller, id: string): Promise<DocumentView & { url: string }> {
    const { services, spaces } = this.assistant;
    await services.refresh();
    const view = await documentView(services, id, spaces.readerFor(caller.viewer));
    return { ...view, url: sourceUrl(caller.origin, id) };
  }
}

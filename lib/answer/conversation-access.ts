import type { UserStore } from '../auth/users';
import { NotFoundError } from '../errors';
import { ANONYMOUS, type Viewer, personViewer, readsEverything } from '../spaces/principals';
import type { Spaces } from '../spaces/spaces';
import type { ConversationStore, ConversationSummary, Message } from './conversations';
import type { EscalationStore } from './escalations';
import { NO_LONGER_READABLE } from './replies';

/** What a viewer may do with a conversation: continue it (its owner), or only read it (a reviewer of its spaces). */
export type ConversationRight = 'owner' | 'reviewer';

const notFound = () => new NotFoundError('not_found', 'There is no such conversation.');

/**
 * Who may open a conversation. Its id is not a key: it is shared in links (/c/<id>) and appears in
 * logs. A signed-in asker's conversation is theirs; an anonymous one belongs to the browser that
 * started it; reviewers may read those with a question in a space they answer (admins, every one).
 */
export class ConversationAccess {
  constructor(private readonly deps: { conversations: ConversationStore; escalations: EscalationStore; spaces: Spaces; users: UserStore }) {}

  /** The viewer's right on an existing conversation, or null (undefined: there is no such conversation). */
  rightOf(viewer: Viewer, conversationId: string): ConversationRight | null | undefined {
    const owner = this.deps.conversations.ownerOf(conversationId);
    if (owner === undefined) return undefined;
    if (viewer.kind === 'system') return 'owner';
    if (owner.ownerId !== null) {
      if (viewer.kind === 'person' && viewer.id === owner.ownerId) return 'owner';
    } else if (owner.browserId !== null && viewer.browser === owner.browserId) {
      return 'owner';
    }
    return this.reviews(viewer, conversationId) ? 'reviewer' : null;
  }

  /**
   * Throws not-found unless the viewer may continue the conversation. Only Docent names new
   * conversations: an id the client makes up (or one deleted, still in someone's link) is not one.
   */
  checkOwner(viewer: Viewer, conversationId: string | null | undefined): void {
    if (conversationId && this.rightOf(viewer, conversationId) !== 'owner') throw notFound();
  }

  /** The conversation as the viewer may read it now: an answer citing what they may no longer read is withheld. */
  open(viewer: Viewer, conversationId: string, afterTime?: number): { title: string; right: ConversationRight; messages: Message[] } {
    const right = this.rightOf(viewer, conversationId);
    if (!right) throw notFound();
    const messages = this.visible(viewer, this.deps.conversations.messages(conversationId, { afterTime }));
    return { title: this.deps.conversations.title(conversationId) ?? 'Conversation', right, messages };
  }

  visible(viewer: Viewer, messages: Message[]): Message[] {
    return messages.map((message) =>
      this.deps.spaces.canReadAll(viewer, message.citations) ? message : { ...message, content: NO_LONGER_READABLE, status: 'withheld', citations: [] },
    );
  }

  /** A signed-in person's conversations, on any device; anonymous askers keep theirs in the browser. */
  history(viewer: Viewer): ConversationSummary[] {
    return viewer.kind === 'person' ? this.deps.conversations.listOwned(viewer.id) : [];
  }

  rename(viewer: Viewer, conversationId: string, title: string): void {
    this.checkOwner(viewer, conversationId);
    this.deps.conversations.rename(conversationId, title);
  }

  /** Who a conversation's asker is now (their groups and role as they stand), for what a reviewed answer may show them. */
  askerOf(conversationId: string): Viewer | null {
    const owner = this.deps.conversations.ownerOf(conversationId);
    if (owner === undefined) return null;
    if (owner.ownerId === null) return ANONYMOUS;
    const user = this.deps.users.get(owner.ownerId);
    return user ? personViewer(user) : null;
  }

  private reviews(viewer: Viewer, conversationId: string): boolean {
    if (viewer.kind !== 'person' || viewer.role === 'asker') return false;
    if (readsEverything(viewer)) return true;
    const owned = new Set(this.deps.spaces.access().ownedBy(viewer));
    return this.deps.escalations.spacesOfConversation(conversationId).some((space) => owned.has(space));
  }
}

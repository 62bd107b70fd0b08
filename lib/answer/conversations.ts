import crypto from 'node:crypto';
import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import type { Citation } from './events';

export interface Message {
  id: string;
  conversationId: string;
  role: 'user' | 'assistant' | 'reviewer';
  content: string;
  status: string | null;
  answerId: string | null;
  escalationId: string | null;
  citations: Citation[];
  createdAt: number;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: Message['role'];
  content: string;
  status: string | null;
  answer_id: string | null;
  escalation_id: string | null;
  citations: string | null;
  created_at: number;
}

const MESSAGE_COLUMNS = ['id', 'conversation_id', 'role', 'content', 'status', 'answer_id', 'escalation_id', 'created_at'] as const;

/** Who a conversation belongs to: a signed-in user, else the browser that started it (neither: from before browsers were told apart). */
export interface ConversationOwner {
  ownerId: string | null;
  browserId: string | null;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

export const MAX_TITLE = 120;
const titleOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE);

const toMessage = (row: MessageRow): Message => ({ ...fromRow(row, MESSAGE_COLUMNS), citations: jsonColumn<Citation[]>(row.citations, []) });

/** Conversations and their messages: questions, answers, and reviewed answers delivered later. */
export class ConversationStore {
  constructor(private readonly db: Db) {}

  /**
   * Creates the conversation, or continues it. A signed-in asker owns it from then on (also one they
   * started before signing in), so what they may read never lands where someone else can read it;
   * an anonymous one belongs to the browser that started it.
   */
  ensure(id: string | null | undefined, firstQuestion: string, owner: ConversationOwner = { ownerId: null, browserId: null }): string {
    const conversationId = id ?? crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare(
        `insert into conversations(id, title, owner_id, browser_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
         on conflict(id) do update set updated_at = excluded.updated_at, owner_id = coalesce(conversations.owner_id, excluded.owner_id)`,
      )
      .run(conversationId, titleOf(firstQuestion), owner.ownerId, owner.browserId, now, now);
    return conversationId;
  }

  /** Who owns the conversation (a user, or the browser that started it), undefined when there is none. */
  ownerOf(id: string): ConversationOwner | undefined {
    const row = this.db.prepare('select owner_id, browser_id from conversations where id = ?').get(id) as
      { owner_id: string | null; browser_id: string | null } | undefined;
    return row ? { ownerId: row.owner_id, browserId: row.browser_id } : undefined;
  }

  exists(id: string): boolean {
    return !!this.db.prepare('select 1 from conversations where id = ?').get(id);
  }

  /**
   * Adds a message. `answering` names the question an answer belongs to: if an edit replaced that
   * question while it was being answered (a stopped answer ends late), the answer goes with it.
   */
  add(message: Omit<Message, 'id' | 'createdAt'> & { id?: string; createdAt?: number; answering?: string }): Message {
    const id = message.id ?? crypto.randomUUID();
    const now = message.createdAt ?? nowSeconds();
    // An answer takes its question's replaced_by: replaced while it was written, it leaves with it.
    this.db
      .prepare(
        `insert into messages(id, conversation_id, role, content, status, answer_id, escalation_id, citations, created_at, replaced_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, (select replaced_by from messages where id = ?))`,
      )
      .run(
        id,
        message.conversationId,
        message.role,
        message.content,
        message.status,
        message.answerId,
        message.escalationId,
        JSON.stringify(message.citations),
        now,
        message.answering ?? null,
      );
    this.db.prepare('update conversations set updated_at = ? where id = ?').run(nowSeconds(), message.conversationId);
    return this.get(id)!;
  }

  get(id: string): Message | null {
    const row = this.db.prepare('select * from messages where id = ?').get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /** Messages in order, without turns an edit or a regeneration replaced; `afterTime` returns only newer ones, for polling clients. */
  messages(conversationId: string, options: { afterTime?: number } = {}): Message[] {
    const rows = this.db
      .prepare('select * from messages where conversation_id = ? and created_at > ? and replaced_by is null order by created_at, rowid')
      .all(conversationId, options.afterTime ?? -1) as MessageRow[];
    return rows.map(toMessage);
  }

  /** The latest user questions of a conversation, newest first (for follow-up questions). */
  recentQuestions(conversationId: string, limit = 2): string[] {
    const rows = this.db
      .prepare("select content from messages where conversation_id = ? and role = 'user' and replaced_by is null order by created_at desc, rowid desc limit ?")
      .all(conversationId, limit) as { content: string }[];
    return rows.map((row) => row.content);
  }

  setStatus(messageId: string, status: string): void {
    this.db.prepare('update messages set status = ? where id = ?').run(status, messageId);
  }

  /**
   * Marks a question and everything after it as replaced by a newer question (an edit, or asking
   * again): they leave the conversation as shown, and stay in the answer log. False when the
   * message is not a question of this conversation.
   */
  replace(conversationId: string, questionId: string, byId: string): boolean {
    const question = this.db
      .prepare("select created_at, rowid from messages where id = ? and conversation_id = ? and role = 'user' and replaced_by is null")
      .get(questionId, conversationId) as { created_at: number; rowid: number } | undefined;
    if (!question) return false;
    // In the order shown (a stopped answer recorded late sits with its question); a reviewer's reply
    // to an earlier question that arrived in between is not part of the replaced turn.
    const later = '(created_at, rowid) >= (?, ?)';
    this.db
      .prepare(
        `update messages set replaced_by = ? where conversation_id = ? and ${later} and id != ? and replaced_by is null
           and (role != 'reviewer' or escalation_id in (select escalation_id from messages where conversation_id = ? and ${later} and role = 'assistant'))`,
      )
      .run(byId, conversationId, question.created_at, question.rowid, byId, conversationId, question.created_at, question.rowid);
    return true;
  }

  /** A person's conversations, most recent first (their history on any device). */
  listOwned(ownerId: string, limit = 100): ConversationSummary[] {
    const rows = this.db
      .prepare('select id, title, created_at, updated_at from conversations where owner_id = ? order by updated_at desc limit ?')
      .all(ownerId, limit) as { id: string; title: string | null; created_at: number; updated_at: number }[];
    return rows.map((row) => ({ ...fromRow(row, ['id', 'created_at', 'updated_at']), title: row.title ?? 'Conversation' }));
  }

  rename(id: string, title: string): void {
    this.db.prepare('update conversations set title = ? where id = ?').run(titleOf(title), id);
  }

  title(id: string): string | null {
    const row = this.db.prepare('select title from conversations where id = ?').get(id) as { title: string | null } | undefined;
    return row?.title ?? null;
  }

  /** Removes a conversation and its messages; returns how many messages went. */
  delete(conversationId: string): number {
    return this.db
      .transaction(() => {
        const messages = this.db.prepare('delete from messages where conversation_id = ?').run(conversationId).changes;
        this.db.prepare('delete from conversations where id = ?').run(conversationId);
        return messages;
      })
      .immediate();
  }
}

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

const toMessage = (row: MessageRow): Message => ({ ...fromRow(row, MESSAGE_COLUMNS), citations: jsonColumn<Citation[]>(row.citations, []) });

/** Conversations and their messages: questions, answers, and reviewed answers delivered later. */
export class ConversationStore {
  constructor(private readonly db: Db) {}

  /**
   * Creates the conversation, or continues it. A signed-in asker owns it from then on (also one they
   * started before signing in), so what they may read never lands where someone else can read it.
   */
  ensure(id: string | null | undefined, firstQuestion: string, ownerId: string | null = null): string {
    const conversationId = id ?? crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare(
        `insert into conversations(id, title, owner_id, created_at, updated_at) values (?, ?, ?, ?, ?)
         on conflict(id) do update set updated_at = excluded.updated_at, owner_id = coalesce(conversations.owner_id, excluded.owner_id)`,
      )
      .run(conversationId, firstQuestion.slice(0, 120), ownerId, now, now);
    return conversationId;
  }

  /** Who owns the conversation: a user id, null for an anonymous one, undefined when there is none. */
  ownerOf(id: string): string | null | undefined {
    const row = this.db.prepare('select owner_id from conversations where id = ?').get(id) as { owner_id: string | null } | undefined;
    return row ? row.owner_id : undefined;
  }

  exists(id: string): boolean {
    return !!this.db.prepare('select 1 from conversations where id = ?').get(id);
  }

  add(message: Omit<Message, 'id' | 'createdAt'> & { id?: string }): Message {
    const id = message.id ?? crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare(
        'insert into messages(id, conversation_id, role, content, status, answer_id, escalation_id, citations, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
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
      );
    this.db.prepare('update conversations set updated_at = ? where id = ?').run(now, message.conversationId);
    return this.get(id)!;
  }

  get(id: string): Message | null {
    const row = this.db.prepare('select * from messages where id = ?').get(id) as MessageRow | undefined;
    return row ? toMessage(row) : null;
  }

  /** Messages in order; `after` (a message id) returns only newer ones, for polling clients. */
  messages(conversationId: string, options: { afterTime?: number } = {}): Message[] {
    const rows = this.db
      .prepare('select * from messages where conversation_id = ? and created_at > ? order by created_at, rowid')
      .all(conversationId, options.afterTime ?? -1) as MessageRow[];
    return rows.map(toMessage);
  }

  /** The latest user questions of a conversation, newest first (for follow-up questions). */
  recentQuestions(conversationId: string, limit = 2): string[] {
    const rows = this.db
      .prepare("select content from messages where conversation_id = ? and role = 'user' order by created_at desc, rowid desc limit ?")
      .all(conversationId, limit) as { content: string }[];
    return rows.map((row) => row.content);
  }

  setStatus(messageId: string, status: string): void {
    this.db.prepare('update messages set status = ? where id = ?').run(status, messageId);
  }

  list(limit = 50): { id: string; title: string | null; createdAt: number; updatedAt: number }[] {
    const rows = this.db.prepare('select id, title, created_at, updated_at from conversations order by updated_at desc limit ?').all(limit) as {
      id: string;
      title: string | null;
      created_at: number;
      updated_at: number;
    }[];
    return rows.map((row) => fromRow(row, ['id', 'title', 'created_at', 'updated_at']));
  }

  /** Removes a conversation and its messages; returns how many messages went. */
  delete(conversationId: string): number {
    return this.db.transaction(() => {
      const messages = this.db.prepare('delete from messages where conversation_id = ?').run(conversationId).changes;
      this.db.prepare('delete from conversations where id = ?').run(conversationId);
      return messages;
    })();
  }
}

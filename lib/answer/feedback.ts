import crypto from 'node:crypto';
import { type Db, nowSeconds } from '../db';

export interface NewFeedback {
  answerId: string;
  conversationId: string;
  rating: 'up' | 'down';
  comment: string | null;
  /** The review item a down-rating opened, if it opened one. */
  escalationId: string | null;
}

/** Thumbs up or down on answers, kept with the conversation they belong to. */
export class FeedbackStore {
  constructor(private readonly db: Db) {}

  /** Records a rating; returns its id. */
  add(feedback: NewFeedback): string {
    const id = crypto.randomUUID();
    this.db
      .prepare('insert into feedback(id, answer_id, conversation_id, rating, comment, escalation_id, created_at) values (?, ?, ?, ?, ?, ?, ?)')
      .run(id, feedback.answerId, feedback.conversationId, feedback.rating, feedback.comment, feedback.escalationId, nowSeconds());
    return id;
  }

  /** Removes a conversation's ratings; returns how many. */
  deleteConversation(conversationId: string): number {
    return this.db.prepare('delete from feedback where conversation_id = ?').run(conversationId).changes;
  }
}

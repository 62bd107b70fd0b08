import { type Db, nowSeconds } from '../db';

/** The api_threads table: which conversation a client's message history (by its hash) continues, per user. */
export class ThreadStore {
  constructor(private readonly db: Db) {}

  conversationOf(userId: string, transcriptHash: string): string | null {
    const row = this.db.prepare('select conversation_id from api_threads where user_id = ? and transcript_hash = ?').get(userId, transcriptHash) as
      { conversation_id: string } | undefined;
    return row?.conversation_id ?? null;
  }

  remember(userId: string, transcriptHash: string, conversationId: string): void {
    this.db
      .prepare(
        'insert into api_threads(user_id, transcript_hash, conversation_id, created_at) values (?, ?, ?, ?) on conflict do update set conversation_id = excluded.conversation_id',
      )
      .run(userId, transcriptHash, conversationId, nowSeconds());
  }
}

import crypto from 'node:crypto';
import { type Db, nowSeconds } from '../db';
import type { Category, Citation, EscalationReason } from './events';

export type EscalationStatus = 'open' | 'answered' | 'rejected';
export type ReviewAction = 'approve' | 'edit' | 'write' | 'reject';

export interface Escalation {
  id: string;
  conversationId: string | null;
  answerId: string | null;
  question: string;
  draft: string | null;
  sources: Citation[];
  score: number | null;
  reason: EscalationReason;
  category: Category | null;
  status: EscalationStatus;
  curatedId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface EscalationActionRecord {
  id: number;
  escalationId: string;
  action: ReviewAction | 'open' | 'reopen';
  actor: string;
  content: string | null;
  note: string | null;
  createdAt: number;
}

interface EscalationRow {
  id: string;
  conversation_id: string | null;
  answer_id: string | null;
  question: string;
  draft: string | null;
  sources: string | null;
  score: number | null;
  reason: EscalationReason;
  category: Category | null;
  status: EscalationStatus;
  curated_id: string | null;
  created_at: number;
  updated_at: number;
}

function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    answerId: row.answer_id,
    question: row.question,
    draft: row.draft,
    sources: row.sources ? (JSON.parse(row.sources) as Citation[]) : [],
    score: row.score,
    reason: row.reason,
    category: row.category,
    status: row.status,
    curatedId: row.curated_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Escalations (open → answered | rejected) and the trail of who did what, when. */
export class EscalationStore {
  constructor(private readonly db: Db) {}

  create(input: Pick<Escalation, 'conversationId' | 'answerId' | 'question' | 'draft' | 'sources' | 'score' | 'reason' | 'category'> & { actor?: string }): Escalation {
    const id = crypto.randomUUID();
    const now = nowSeconds();
    this.db.transaction(() => {
      this.db
        .prepare(
          `insert into escalations(id, conversation_id, answer_id, question, draft, sources, score, reason, category, status, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(id, input.conversationId, input.answerId, input.question, input.draft, JSON.stringify(input.sources), input.score, input.reason, input.category, now, now);
      this.log(id, 'open', input.actor ?? 'docent', null, input.reason);
    })();
    return this.get(id)!;
  }

  get(id: string): Escalation | null {
    const row = this.db.prepare('select * from escalations where id = ?').get(id) as EscalationRow | undefined;
    return row ? toEscalation(row) : null;
  }

  list(filter: { status?: EscalationStatus | 'handled'; order?: 'newest' | 'oldest'; limit?: number } = {}): Escalation[] {
    const order = filter.order === 'oldest' ? 'asc' : 'desc';
    const where = filter.status === 'handled' ? "status != 'open'" : filter.status ? 'status = ?' : '1';
    const params = filter.status && filter.status !== 'handled' ? [filter.status] : [];
    const rows = this.db
      .prepare(`select * from escalations where ${where} order by ${filter.status === 'handled' ? 'updated_at' : 'created_at'} ${order} limit ?`)
      .all(...params, filter.limit ?? 200) as EscalationRow[];
    return rows.map(toEscalation);
  }

  counts(): Record<EscalationStatus, number> {
    const counts = { open: 0, answered: 0, rejected: 0 };
    for (const row of this.db.prepare('select status, count(*) as n from escalations group by status').all() as { status: EscalationStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  log(escalationId: string, action: EscalationActionRecord['action'], actor: string, content: string | null, note: string | null): void {
    this.db
      .prepare('insert into escalation_actions(escalation_id, action, actor, content, note, created_at) values (?, ?, ?, ?, ?, ?)')
      .run(escalationId, action, actor, content, note, nowSeconds());
  }

  actions(escalationId: string): EscalationActionRecord[] {
    return (
      this.db.prepare('select * from escalation_actions where escalation_id = ? order by id').all(escalationId) as {
        id: number;
        escalation_id: string;
        action: EscalationActionRecord['action'];
        actor: string;
        content: string | null;
        note: string | null;
        created_at: number;
      }[]
    ).map((row) => ({ id: row.id, escalationId: row.escalation_id, action: row.action, actor: row.actor, content: row.content, note: row.note, createdAt: row.created_at }));
  }

  resolve(id: string, status: 'answered' | 'rejected', curatedId: string | null): void {
    this.db.prepare('update escalations set status = ?, curated_id = ?, updated_at = ? where id = ?').run(status, curatedId, nowSeconds(), id);
  }
}

import crypto from 'node:crypto';
import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import { cosine } from './evidence';
import type { Category, Citation, EscalationReason } from './events';
import { normaliseQuestion, paraphraseMatch } from './paraphrase';
import type { ParaphraseModel } from './paraphrase-model';
import { DEFAULT_SPACE } from '../spaces/access';
import { fromBlob, toBlob } from '../vector-index/vector-math';

export type { Asker, Escalation, EscalationActionRecord, EscalationStatus, NewEscalation, QuestionVector, ReviewAction } from './escalation-types';
import type { Asker, Escalation, EscalationActionRecord, EscalationStatus, NewEscalation } from './escalation-types';

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
  space: string | null;
  spaces: string | null;
  askers: number;
  created_at: number;
  updated_at: number;
}

/** Escalations routed to these spaces (those from before spaces are the default space's); absent, all. */
const spaceClause = (spaces: string[] | undefined, column: string) =>
  spaces ? { sql: `coalesce(${column}, '${DEFAULT_SPACE}') in (select value from json_each(?))`, params: [JSON.stringify(spaces)] } : { sql: '1', params: [] };

// Every read of an escalation carries its number of askers.
const SELECT = 'select e.*, (select count(*) from escalation_askers a where a.escalation_id = e.id) as askers from escalations e';

const COLUMNS = [
  'id',
  'conversation_id',
  'answer_id',
  'question',
  'draft',
  'score',
  'reason',
  'category',
  'status',
  'curated_id',
  'askers',
  'created_at',
  'updated_at',
] as const;

const toEscalation = (row: EscalationRow): Escalation => ({
  ...fromRow(row, COLUMNS),
  sources: jsonColumn<Citation[]>(row.sources, []),
  space: row.space ?? DEFAULT_SPACE,
  spaces: jsonColumn<string[]>(row.spaces, [row.space ?? DEFAULT_SPACE]),
});

interface ActionRow {
  id: number;
  escalation_id: string;
  action: EscalationActionRecord['action'];
  actor: string;
  content: string | null;
  note: string | null;
  created_at: number;
}

const ACTION_COLUMNS = ['id', 'escalation_id', 'action', 'actor', 'content', 'note', 'created_at'] as const;

/** Escalations (open → answered | rejected) and the trail of who did what, when. */
export class EscalationStore {
  constructor(private readonly db: Db) {}

  create(input: NewEscalation): Escalation {
    const id = crypto.randomUUID();
    const now = nowSeconds();
    const embedding = input.embedding ? toBlob(input.embedding.vector) : null;
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `insert into escalations(id, conversation_id, answer_id, question, draft, sources, score, reason, category, status, question_vector, vector_model, space, spaces, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            input.conversationId,
            input.answerId,
            input.question,
            input.draft,
            JSON.stringify(input.sources),
            input.score,
            input.reason,
            input.category,
            embedding,
            input.embedding?.model ?? null,
            input.space ?? DEFAULT_SPACE,
            JSON.stringify(input.spaces ?? [input.space ?? DEFAULT_SPACE]),
            now,
            now,
          );
        if (input.conversationId)
          this.insertAsker(id, { conversationId: input.conversationId, answerId: input.answerId, question: input.question, askedAt: now });
        this.log(id, 'open', input.actor ?? 'docent', null, input.reason);
      })
      .immediate();
    return this.get(id)!;
  }

  /**
   * Files a question for review, or adds its asker to an open escalation that asks the same: the
   * same words, or (both embedded by the same model) the same meaning by the paraphrase matcher.
   * Sensitive questions only ever join sensitive ones with the same words, and never the reverse.
   * A conversation asking again is one asker still. `joined` tells the caller not to alert again.
   */
  openOrJoin(input: NewEscalation, matcher: ParaphraseModel): { escalation: Escalation; joined: boolean } {
    return this.db
      .transaction(() => {
        const target = this.findOpenMatch(input, matcher);
        if (!target) return { escalation: this.create(input), joined: false };
        if (
          input.conversationId &&
          this.insertAsker(target, { conversationId: input.conversationId, answerId: input.answerId, question: input.question, askedAt: nowSeconds() })
        ) {
          this.log(target, 'asked', input.actor ?? 'docent', null, input.reason);
        }
        return { escalation: this.get(target)!, joined: true };
      })
      .immediate();
  }

  private findOpenMatch(input: NewEscalation, matcher: ParaphraseModel): string | null {
    const sensitive = input.category === 'sensitive' || input.reason === 'sensitive';
    const wording = normaliseQuestion(input.question);
    const rows = this.db
      .prepare(`select id, question, reason, category, question_vector, vector_model from escalations where status = 'open' order by created_at desc limit 500`)
      .all() as { id: string; question: string; reason: string; category: string | null; question_vector: Buffer | null; vector_model: string | null }[];
    let best: { id: string; score: number } | null = null;
    for (const row of rows) {
      if (sensitive !== (row.category === 'sensitive' || row.reason === 'sensitive')) continue;
      if (normaliseQuestion(row.question) === wording) return row.id;
      if (sensitive || !input.embedding || !row.question_vector || row.vector_model !== input.embedding.model) continue;
      const vector = fromBlob(row.question_vector);
      const score = paraphraseMatch(row.question, input.question, cosine(vector, input.embedding.vector), matcher);
      if (score !== null && (!best || score > best.score)) best = { id: row.id, score };
    }
    return best?.id ?? null;
  }

  /** Whether the asker was new to this escalation. */
  private insertAsker(escalationId: string, asker: Asker): boolean {
    return (
      this.db
        .prepare('insert or ignore into escalation_askers(escalation_id, conversation_id, answer_id, question, asked_at) values (?, ?, ?, ?, ?)')
        .run(escalationId, asker.conversationId, asker.answerId, asker.question, asker.askedAt).changes > 0
    );
  }

  /** Everyone waiting for this escalation's answer, first asker first. */
  askers(escalationId: string): Asker[] {
    const rows = this.db
      .prepare('select conversation_id, answer_id, question, asked_at from escalation_askers where escalation_id = ? order by asked_at, rowid')
      .all(escalationId) as { conversation_id: string; answer_id: string | null; question: string; asked_at: number }[];
    return rows.map((row) => fromRow(row, ['conversation_id', 'answer_id', 'question', 'asked_at']));
  }

  /**
   * A conversation being forgotten stops waiting for answers. An escalation it opened that others
   * also asked passes to the next asker, in their words (the forgotten wording and its embedding
   * go); the ones it alone asked are left for deleteConversation.
   */
  releaseConversation(conversationId: string): void {
    this.db
      .transaction(() => {
        this.db.prepare('delete from escalation_askers where conversation_id = ?').run(conversationId);
        const handedOver = this.db.prepare(
          `update escalations set
           conversation_id = (select conversation_id from escalation_askers a where a.escalation_id = escalations.id order by asked_at, rowid limit 1),
           answer_id = (select answer_id from escalation_askers a where a.escalation_id = escalations.id order by asked_at, rowid limit 1),
           question = (select question from escalation_askers a where a.escalation_id = escalations.id order by asked_at, rowid limit 1),
           question_vector = null, vector_model = null
         where conversation_id = ? and exists (select 1 from escalation_askers a where a.escalation_id = escalations.id)`,
        );
        handedOver.run(conversationId);
      })
      .immediate();
  }

  /** Deletes the escalations a conversation opened (after releaseConversation); returns their ids. */
  deleteConversation(conversationId: string): string[] {
    return this.db
      .transaction(() => {
        const ids = (this.db.prepare('select id from escalations where conversation_id = ?').all(conversationId) as { id: string }[]).map((row) => row.id);
        this.db.prepare('delete from escalations where conversation_id = ?').run(conversationId);
        return ids;
      })
      .immediate();
  }

  /** The spaces of the questions a conversation asked (its own escalations, and those it joined): their reviewers may read it. */
  spacesOfConversation(conversationId: string): string[] {
    const rows = this.db
      .prepare(
        `select distinct coalesce(space, '${DEFAULT_SPACE}') as space from escalations
          where conversation_id = ? or id in (select escalation_id from escalation_askers where conversation_id = ?)`,
      )
      .all(conversationId, conversationId) as { space: string }[];
    return rows.map((row) => row.space);
  }

  get(id: string): Escalation | null {
    const row = this.db.prepare(`${SELECT} where e.id = ?`).get(id) as EscalationRow | undefined;
    return row ? toEscalation(row) : null;
  }

  /** `spaces` limits the list to escalations routed to those spaces (a reviewer's queue); absent, every one. */
  list(filter: { status?: EscalationStatus | 'handled'; order?: 'newest' | 'oldest'; limit?: number; spaces?: string[] } = {}): Escalation[] {
    const order = filter.order === 'oldest' ? 'asc' : 'desc';
    const inSpaces = spaceClause(filter.spaces, 'e.space');
    const where = [filter.status === 'handled' ? "e.status != 'open'" : filter.status ? 'e.status = ?' : '1', inSpaces.sql];
    const params = [...(filter.status && filter.status !== 'handled' ? [filter.status] : []), ...inSpaces.params];
    const rows = this.db
      .prepare(`${SELECT} where ${where.join(' and ')} order by ${filter.status === 'handled' ? 'e.updated_at' : 'e.created_at'} ${order} limit ?`)
      .all(...params, filter.limit ?? 200) as EscalationRow[];
    return rows.map(toEscalation);
  }

  counts(spaces?: string[]): Record<EscalationStatus, number> {
    const counts = { open: 0, answered: 0, rejected: 0 };
    const inSpaces = spaceClause(spaces, 'space');
    const rows = this.db.prepare(`select status, count(*) as n from escalations where ${inSpaces.sql} group by status`).all(...inSpaces.params);
    for (const row of rows as { status: EscalationStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  /** Hands an open item to another space's owners. */
  route(id: string, space: string, actor: string): void {
    this.db
      .transaction(() => {
        this.db.prepare('update escalations set space = ?, updated_at = ? where id = ?').run(space, nowSeconds(), id);
        this.log(id, 'handoff', actor, null, space);
      })
      .immediate();
  }

  log(escalationId: string, action: EscalationActionRecord['action'], actor: string, content: string | null, note: string | null): void {
    this.db
      .prepare('insert into escalation_actions(escalation_id, action, actor, content, note, created_at) values (?, ?, ?, ?, ?, ?)')
      .run(escalationId, action, actor, content, note, nowSeconds());
  }

  actions(escalationId: string): EscalationActionRecord[] {
    const rows = this.db.prepare('select * from escalation_actions where escalation_id = ? order by id').all(escalationId) as ActionRow[];
    return rows.map((row) => fromRow(row, ACTION_COLUMNS));
  }

  resolve(id: string, status: 'answered' | 'rejected', curatedId: string | null): void {
    this.db.prepare('update escalations set status = ?, curated_id = ?, updated_at = ? where id = ?').run(status, curatedId, nowSeconds(), id);
  }
}

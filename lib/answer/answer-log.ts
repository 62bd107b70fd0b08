import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import type { Category, Citation, ConfidenceSignals, EscalationReason, Outcome } from './events';

export interface AnswerRecord {
  id: string;
  conversationId: string;
  question: string;
  retrievalQuery: string;
  category: Category;
  outcome: Outcome;
  reason: EscalationReason | null;
  score: number | null;
  signals: ConfidenceSignals;
  sources: Citation[];
  answer: string;
  llm: string;
  embedder: string;
  generation: string;
  promptVersion: string;
  timings: Record<string, number>;
  createdAt?: number;
}

interface AnswerRow {
  id: string;
  conversation_id: string;
  question: string;
  retrieval_query: string | null;
  category: Category;
  outcome: Outcome;
  reason: EscalationReason | null;
  score: number | null;
  signals: string | null;
  sources: string | null;
  answer: string | null;
  llm: string | null;
  embedder: string | null;
  generation: string | null;
  prompt_version: string;
  timings: string | null;
  created_at: number;
}

const COLUMNS = ['id', 'conversation_id', 'question', 'category', 'outcome', 'reason', 'score', 'prompt_version', 'created_at'] as const;

function toRecord(row: AnswerRow): AnswerRecord {
  return {
    ...fromRow(row, COLUMNS),
    retrievalQuery: row.retrieval_query ?? row.question,
    signals: jsonColumn<ConfidenceSignals>(row.signals, {}),
    sources: jsonColumn<Citation[]>(row.sources, []),
    answer: row.answer ?? '',
    llm: row.llm ?? 'none',
    embedder: row.embedder ?? '',
    generation: row.generation ?? '',
    timings: jsonColumn<Record<string, number>>(row.timings, {}),
  };
}

/** Every answer, with its sources, confidence, outcome, model and embedder identity and stage timings. */
export class AnswerLog {
  constructor(private readonly db: Db) {}

  record(answer: AnswerRecord): void {
    this.db
      .prepare(
        `insert into answer_log(id, conversation_id, question, retrieval_query, category, outcome, reason, score, signals, sources, answer, llm, embedder, generation, prompt_version, timings, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        answer.id,
        answer.conversationId,
        answer.question,
        answer.retrievalQuery,
        answer.category,
        answer.outcome,
        answer.reason,
        answer.score,
        JSON.stringify(answer.signals),
        JSON.stringify(answer.sources),
        answer.answer,
        answer.llm,
        answer.embedder,
        answer.generation,
        answer.promptVersion,
        JSON.stringify(answer.timings),
        answer.createdAt ?? nowSeconds(),
      );
  }

  get(id: string): AnswerRecord | null {
    const row = this.db.prepare('select * from answer_log where id = ?').get(id) as AnswerRow | undefined;
    return row ? toRecord(row) : null;
  }

  since(seconds: number, limit = 100_000): AnswerRecord[] {
    return (this.db.prepare('select * from answer_log where created_at >= ? order by created_at limit ?').all(seconds, limit) as AnswerRow[]).map(toRecord);
  }

  /** Outcome and confidence of the answers since a time, oldest first (the status page's charts). */
  outcomesSince(seconds: number): { createdAt: number; outcome: Outcome; score: number | null }[] {
    const rows = this.db.prepare('select created_at, outcome, score from answer_log where created_at >= ? order by created_at').all(seconds) as Pick<
      AnswerRow,
      'created_at' | 'outcome' | 'score'
    >[];
    return rows.map((row) => fromRow(row, ['created_at', 'outcome', 'score']));
  }

  /** Removes a conversation's log entries; returns how many. */
  deleteConversation(conversationId: string): number {
    return this.db.prepare('delete from answer_log where conversation_id = ?').run(conversationId).changes;
  }
}

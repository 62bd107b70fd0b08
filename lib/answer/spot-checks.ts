import crypto from 'node:crypto';
import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import type { Citation } from './events';

export type SpotCheckStatus = 'open' | 'right' | 'wrong';

/** An answered question sampled for its space's owners to mark right or wrong. */
export interface SpotCheck {
  id: string;
  answerId: string;
  conversationId: string;
  space: string;
  question: string;
  answer: string;
  citations: Citation[];
  status: SpotCheckStatus;
  checkedBy: string | null;
  checkedAt: number | null;
  note: string | null;
  curatedId: string | null;
  createdAt: number;
}

interface SpotCheckRow {
  id: string;
  answer_id: string;
  conversation_id: string;
  space: string;
  question: string;
  answer: string;
  citations: string | null;
  status: SpotCheckStatus;
  checked_by: string | null;
  checked_at: number | null;
  note: string | null;
  curated_id: string | null;
  created_at: number;
}

const COLUMNS = [
  'id',
  'answer_id',
  'conversation_id',
  'space',
  'question',
  'answer',
  'status',
  'checked_by',
  'checked_at',
  'note',
  'curated_id',
  'created_at',
] as const;
const toSpotCheck = (row: SpotCheckRow): SpotCheck => ({ ...fromRow(row, COLUMNS), citations: jsonColumn<Citation[]>(row.citations, []) });

const WEEK = 7 * 24 * 3600;

/** A space's measured precision of answered questions: right / checked, with its 95% Wilson interval. */
export interface SpacePrecision {
  space: string;
  checked: number;
  right: number;
  open: number;
  precision: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * The 95% Wilson score interval of a proportion: unlike the normal approximation it stays inside
 * [0, 1] and is honest with the few verdicts a small space collects.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): [number, number] | null {
  if (trials === 0) return null;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - margin), Math.min(1, centre + margin)];
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Spot checks (seed 003's feedback loop): the sample, the verdicts, and precision per space. */
export class SpotCheckStore {
  constructor(private readonly db: Db) {}

  /** Removes a conversation's checks (a personal-data request): they quote its question and answer. */
  deleteConversation(conversationId: string): number {
    return this.db.prepare('delete from spot_checks where conversation_id = ?').run(conversationId).changes;
  }

  /**
   * Whether this answer should be checked: a `share` of answers at random, and any answer of a
   * space that had none sampled in the past week (so a quiet space is still measured).
   */
  shouldSample(space: string, share: number, random: () => number = Math.random): boolean {
    if (share <= 0) return false;
    if (random() < share) return true;
    const row = this.db.prepare('select 1 from spot_checks where space = ? and created_at > ? limit 1').get(space, nowSeconds() - WEEK);
    return !row;
  }

  create(input: Pick<SpotCheck, 'answerId' | 'conversationId' | 'space' | 'question' | 'answer' | 'citations'>): SpotCheck {
    const id = crypto.randomUUID();
    this.db
      .prepare(
        `insert into spot_checks(id, answer_id, conversation_id, space, question, answer, citations, status, created_at) values (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      )
      .run(id, input.answerId, input.conversationId, input.space, input.question, input.answer, JSON.stringify(input.citations), nowSeconds());
    return this.get(id)!;
  }

  get(id: string): SpotCheck | null {
    const row = this.db.prepare('select * from spot_checks where id = ?').get(id) as SpotCheckRow | undefined;
    return row ? toSpotCheck(row) : null;
  }

  /** Spot checks of these spaces (all when absent), newest first. */
  list(filter: { status?: SpotCheckStatus; spaces?: string[]; limit?: number } = {}): SpotCheck[] {
    const clauses = ['1'];
    const params: unknown[] = [];
    if (filter.status) {
      clauses.push('status = ?');
      params.push(filter.status);
    }
    if (filter.spaces) {
      clauses.push('space in (select value from json_each(?))');
      params.push(JSON.stringify(filter.spaces));
    }
    const rows = this.db
      .prepare(`select * from spot_checks where ${clauses.join(' and ')} order by created_at desc limit ?`)
      .all(...params, filter.limit ?? 100) as SpotCheckRow[];
    return rows.map(toSpotCheck);
  }

  /** Records the verdict; false when it already had one (a second reviewer was faster). */
  decide(id: string, verdict: 'right' | 'wrong', actor: string, note: string | null, curatedId: string | null): boolean {
    return (
      this.db
        .prepare("update spot_checks set status = ?, checked_by = ?, checked_at = ?, note = ?, curated_id = ? where id = ? and status = 'open'")
        .run(verdict, actor, nowSeconds(), note, curatedId, id).changes > 0
    );
  }

  /** Precision per space over the verdicts of the last `days` days. */
  precision(days = 90, spaces?: string[]): SpacePrecision[] {
    const rows = this.db
      .prepare(
        `select space, sum(status = 'right') as right, sum(status != 'open') as checked, sum(status = 'open') as open
         from spot_checks where created_at > ? group by space order by space`,
      )
      .all(nowSeconds() - days * 24 * 3600) as { space: string; right: number; checked: number; open: number }[];
    return rows
      .filter((row) => !spaces || spaces.includes(row.space))
      .map((row) => {
        const interval = wilsonInterval(row.right, row.checked);
        return {
          space: row.space,
          checked: row.checked,
          right: row.right,
          open: row.open,
          precision: row.checked ? round3(row.right / row.checked) : null,
          ci_low: interval ? round3(interval[0]) : null,
          ci_high: interval ? round3(interval[1]) : null,
        };
      });
  }
}

import type { Category, Citation, EscalationReason } from './events';

// What the review queue holds, as the rest of Docent sees it (the store is escalations.ts).

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
  /** The space it is routed to: its owners answer it (the admins when it has none). */
  space: string;
  /** Every space its sources are in: the reviewed answer belongs to them, and only their readers see the draft. */
  spaces: string[];
  /** The conversations waiting for this answer: the first asker and everyone who asked the same since. */
  askers: number;
  createdAt: number;
  updatedAt: number;
}

export interface Asker {
  conversationId: string;
  answerId: string | null;
  /** Their own wording of the question. */
  question: string;
  askedAt: number;
}

/** A question's embedding, with the embedder that made it (vectors of two embedders never compare). */
export interface QuestionVector {
  vector: Float32Array;
  model: string;
}

export type NewEscalation = Pick<Escalation, 'conversationId' | 'answerId' | 'question' | 'draft' | 'sources' | 'score' | 'reason' | 'category'> & {
  /** Routing (lib/spaces); escalations filed before spaces, or by Docent itself, belong to the default space. */
  space?: string;
  spaces?: string[];
  actor?: string;
  embedding?: QuestionVector | null;
};

export interface EscalationActionRecord {
  id: number;
  escalationId: string;
  /** `asked`: another conversation asked the same question and joined this escalation. */
  action: ReviewAction | 'open' | 'reopen' | 'asked' | 'handoff';
  actor: string;
  content: string | null;
  note: string | null;
  createdAt: number;
}

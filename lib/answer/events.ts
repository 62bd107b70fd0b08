// The events the answer workflow streams, defined once: the web app sends exactly these (one
// JSON object per line) and the README lists them.

export type Category = 'question' | 'smalltalk' | 'out_of_scope' | 'sensitive';
export type Stage = 'classify' | 'retrieve' | 'generate' | 'check' | 'reply' | 'escalate';
/**
 * `indexing`: nothing good was found while the start-up sync is still reading documents.
 * `declined`: a request no document could answer by its nature (a joke, the weather); not queued.
 */
/** `stopped`: the asker stopped the answer while it was written (what had streamed is kept). */
export type Outcome = 'answered' | 'escalated' | 'smalltalk' | 'declined' | 'indexing' | 'stopped';

export type EscalationReason =
  | 'sensitive'
  | 'out_of_scope'
  | 'low_confidence'
  | 'no_sources'
  | 'not_in_documents'
  | 'model_unavailable'
  | 'index_unavailable'
  | 'source_changed'
  | 'user_feedback';

/** A numbered source an answer cites as [n]. */
export interface Citation {
  n: number;
  chunkId: string;
  docId: string;
  path: string;
  root: string;
  title: string | null;
  page: number | null;
  heading: string | null;
  /** The quoted passage (the sentences used, or the chunk). */
  quote: string;
  charStart: number;
  charEnd: number;
  sourceType: 'document' | 'curated';
  lowConfidence?: boolean;
  /** The passage's language (ISO 639-1), when known. */
  language?: string;
}

export interface ConfidenceSignals {
  [name: string]: number;
}

export type AnswerEvent =
  /** First: where the question was filed, so a client can name the conversation (and edit the question) even if it stops the answer. */
  | { type: 'started'; conversationId: string; questionId: string; answerId: string }
  | { type: 'stage'; stage: Stage }
  | { type: 'classification'; category: Category; reason: string }
  | { type: 'sources'; sources: Citation[] }
  | { type: 'token'; text: string }
  | { type: 'confidence'; score: number; threshold: number; verdict: 'answer' | 'escalate'; signals: ConfidenceSignals; reason: string | null }
  | {
      type: 'outcome';
      outcome: Outcome;
      answerId: string;
      conversationId: string;
      messageId: string;
      /** The asker's message: a regenerated or edited question names it in `replaces`. */
      questionId: string;
      /** The full text the user sees (the answer, or the message that a person will answer). */
      text: string;
      citations: Citation[];
      escalationId: string | null;
      reason: EscalationReason | null;
    }
  | { type: 'error'; code: string; message: string };

export const EVENT_TYPES = ['started', 'stage', 'classification', 'sources', 'token', 'confidence', 'outcome', 'error'] as const;

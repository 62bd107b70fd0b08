import type { EscalationReason } from './events';

// What the workflow says when it does not quote the documents: declines, hand-overs and the
// first-sync notice, in one place.

export const DECLINED_REPLY =
  'I answer questions from your organisation’s documents, so that is not something I can help with. Ask me about a policy, a procedure or anything else in the knowledge base.';
export const PERSON_WILL_ANSWER = 'I can’t answer this reliably from the documents, so I’ve passed your question to a person. Their answer will appear here.';
export const MESSAGES: Partial<Record<EscalationReason, string>> = {
  sensitive: 'This is a question a person should answer, so I’ve passed it on. Their answer will appear here.',
  out_of_scope: 'That is outside what the knowledge base covers; I’ve passed your question to a person in case they can help. Their answer will appear here.',
  index_unavailable:
    'Search is temporarily unavailable. Your question has been recorded and passed to a person; their answer will appear here, or ask again in a few minutes.',
  model_unavailable: 'The answering model is not responding right now. Your question has been passed to a person; their answer will appear here.',
};
/** Escalation reasons that mean "nothing good was found", which a document not yet read may change. */
export const EVIDENCE_MISSING = new Set<EscalationReason>(['no_sources', 'not_in_documents', 'low_confidence']);

/** While the first sync runs, a question that found nothing good may be answered by a document not read yet. */
export function indexingReply(sync: { done: number; total: number }): string {
  return `Indexing your documents (${sync.done} of ${sync.total})… I have not read all of them yet, so I can’t answer this reliably. Please ask again in a moment.`;
}

/** In place of an earlier answer whose sources the asker may no longer read (a space was narrowed since). */
export const NO_LONGER_READABLE = 'This answer quoted documents you may no longer read, so it is not shown.';

/** To an asker merged into an escalation whose reviewed answer comes from documents they may not read. */
export const WITHHELD_REPLY = 'A person answered this question, but could not share this answer with you: it comes from documents you may not read.';

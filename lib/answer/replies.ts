import type { EscalationReason } from './events';
import { phrasebook } from './localized';

// What the workflow says when it does not quote the documents: declines, hand-overs and the
// first-sync notice, in one place (in the asker's language: lib/answer/localized.ts).

const english = phrasebook('en');
export const DECLINED_REPLY = english.declined;
export const PERSON_WILL_ANSWER = english.personWillAnswer;
export const MESSAGES = english.reasons;
/** Escalation reasons that mean "nothing good was found", which a document not yet read may change. */
export const EVIDENCE_MISSING = new Set<EscalationReason>(['no_sources', 'not_in_documents', 'low_confidence']);

/** While the first sync runs, a question that found nothing good may be answered by a document not read yet. */
export function indexingReply(sync: { done: number; total: number }, language?: string): string {
  return phrasebook(language).indexing(sync.done, sync.total);
}

/** In place of an earlier answer whose sources the asker may no longer read (a space was narrowed since). */
export const NO_LONGER_READABLE = 'This answer quoted documents you may no longer read, so it is not shown.';

/** To an asker merged into an escalation whose reviewed answer comes from documents they may not read. */
export const WITHHELD_REPLY = 'A person answered this question, but could not share this answer with you: it comes from documents you may not read.';

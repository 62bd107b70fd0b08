import type { Escalation, EscalationActionRecord } from '@/lib/answer/escalations';
import type { EscalationReason } from '@/lib/answer/events';

// What the review queue calls escalation reasons and the actions of a review trail.

const REASONS: Record<EscalationReason, { text: string; tone: 'warn' | 'bad' }> = {
  sensitive: { text: 'Sensitive topic', tone: 'bad' },
  out_of_scope: { text: 'Out of scope', tone: 'warn' },
  low_confidence: { text: 'Low confidence', tone: 'warn' },
  no_sources: { text: 'No sources found', tone: 'warn' },
  not_in_documents: { text: 'Not in the documents', tone: 'warn' },
  model_unavailable: { text: 'Model unavailable', tone: 'bad' },
  index_unavailable: { text: 'Index unavailable', tone: 'bad' },
  source_changed: { text: 'Source changed', tone: 'warn' },
  user_feedback: { text: 'User feedback', tone: 'warn' },
};

export const ACTIONS: Record<EscalationActionRecord['action'], string> = {
  open: 'Escalated',
  reopen: 'Reopened',
  approve: 'Approved the draft',
  edit: 'Edited and approved',
  write: 'Wrote an answer',
  reject: 'Rejected',
  asked: 'Asked again (another conversation)',
  handoff: 'Handed to another space',
};

/** The reason an escalation was opened, as a badge; a reason this page does not know yet is shown as it is. */
export const reasonOf = (escalation: Escalation) => REASONS[escalation.reason] ?? { text: escalation.reason, tone: 'warn' as const };

import type { Citation } from '@/lib/answer/events';

/** Where a citation points, for people: "handbook/safety.pdf · p. 2 · Kiln", or a reviewed answer. */
export function where(citation: Citation): string {
  if (citation.sourceType === 'curated') return 'Reviewed answer';
  return [citation.path, citation.page !== null ? `p. ${citation.page}` : null, citation.heading].filter(Boolean).join(' · ');
}

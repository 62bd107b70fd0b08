import type { AnswerEvent, Citation } from '../answer/events';

// How an answer reads in an OpenAI-compatible client: Markdown whose [n] citations are footnotes
// linking to Docent's source viewer, and escalations that link to the conversation where the
// reviewed answer will appear. Links are absolute (DOCENT_PUBLIC_URL, else the request's origin).

export type Outcome = Extract<AnswerEvent, { type: 'outcome' }>;

export const sourceUrl = (origin: string, docId: string) => `${origin}/sources/${docId}`;
export const conversationUrl = (origin: string, conversationId: string) => `${origin}/c/${conversationId}`;

const MARKER = /\[(\d{1,3})\]/g;
// The end of a text that may be the start of a marker the next piece completes: "[", "[1", "[12".
const PARTIAL_MARKER = /\[\d{0,3}$/;

/** Turns `[n]` into Markdown footnote references `[^n]`. */
export function footnoteReferences(text: string): string {
  return text.replace(MARKER, '[^$1]');
}

/** The same for text arriving in pieces: a marker split across pieces is held until it is whole. */
export class FootnoteStream {
  private held = '';

  push(piece: string): string {
    const text = this.held + piece;
    const partial = PARTIAL_MARKER.exec(text);
    this.held = partial ? partial[0] : '';
    return footnoteReferences(partial ? text.slice(0, partial.index) : text);
  }

  end(): string {
    const rest = footnoteReferences(this.held);
    this.held = '';
    return rest;
  }
}

function label(citation: Citation): string {
  const where = [citation.title && citation.title !== citation.path ? `${citation.title} (${citation.path})` : citation.path];
  if (citation.page !== null) where.push(`p. ${citation.page}`);
  if (citation.heading) where.push(citation.heading);
  return where.join(', ').replace(/[[\]]/g, '');
}

/** The footnote definitions, one per citation; a reviewed answer has no document to link to. */
export function footnoteDefinitions(citations: Citation[], origin: string): string {
  if (!citations.length) return '';
  const lines = citations.map((citation) =>
    citation.sourceType === 'curated'
      ? `[^${citation.n}]: Reviewed answer by a person`
      : `[^${citation.n}]: [${label(citation)}](${sourceUrl(origin, citation.docId)})`,
  );
  return `\n\n${lines.join('\n')}`;
}

/** What an escalation says in a client: the hand-over, where the answer will appear, and the closest passages found. */
export function escalationText(outcome: Outcome, origin: string): string {
  const closest = outcome.citations.filter((citation) => citation.sourceType === 'document');
  const passages = closest.length
    ? `\n\nClosest passages found:\n${closest.map((citation) => `- [${label(citation)}](${sourceUrl(origin, citation.docId)})`).join('\n')}`
    : '';
  return `${outcome.text}\n\nThe reviewed answer will appear in this conversation in Docent: ${conversationUrl(origin, outcome.conversationId)}${passages}`;
}

/** The whole reply for an outcome, as a non-streaming response carries it. */
export function replyText(outcome: Outcome, origin: string): string {
  if (outcome.outcome === 'escalated') return escalationText(outcome, origin);
  if (!outcome.citations.length) return outcome.text;
  return `${footnoteReferences(outcome.text)}${footnoteDefinitions(outcome.citations, origin)}`;
}

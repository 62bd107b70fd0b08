import { readAnswerEvents } from '@/lib/answer/event-stream';
import type { AnswerEvent } from '@/lib/answer/events';

export interface AskRequest {
  question: string;
  conversationId: string | null;
  /** The question an edit or "ask again" replaces (its message id). */
  replaces?: string | null;
  /** Only passages in these languages (the chat's language filter). */
  filter?: { languages: string[] };
}

/** Thrown for a stream the asker stopped: not an error to show. */
export class StoppedByAsker extends Error {}

/**
 * POSTs the question and hands each NDJSON event of the answer to `onEvent` as it arrives.
 * Aborting `signal` closes the request, which stops the answer on the server too.
 */
export async function streamAnswer(body: AskRequest, signal: AbortSignal, onEvent: (event: AnswerEvent) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  } catch (caught) {
    if (signal.aborted) throw new StoppedByAsker();
    throw new Error('Could not reach the server. Check the connection and try again.', { cause: caught });
  }
  if (!response.ok || !response.body) {
    const failure = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(failure?.error?.message ?? `The server answered ${response.status}.`);
  }
  try {
    for await (const event of readAnswerEvents(response.body)) onEvent(event);
  } catch (caught) {
    if (signal.aborted) throw new StoppedByAsker();
    throw caught;
  }
}

import type { AnswerEvent } from './events';

/**
 * The events of a POST /api/chat response body as they arrive (NDJSON: one JSON object per line),
 * for the chat page and the scripts that talk to the web API. Leaving early (an error event, a
 * stopped answer) releases the connection.
 */
export async function* readAnswerEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<AnswerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as AnswerEvent;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

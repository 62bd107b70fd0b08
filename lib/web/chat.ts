import type { AnswerEvent } from '../answer/events';
import type { AskInput } from '../answer/workflow';
import { describeError } from '../errors';
import type { WebRuntime } from './runtime';

/**
 * The chat stream: the workflow's events as NDJSON (one JSON object per line), exactly the types
 * of lib/answer/events.ts. A failure mid-stream becomes an `error` event, never a broken page.
 */
export function answerStream(runtime: WebRuntime, input: AskInput): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const started = performance.now();
  let firstToken: number | null = null;
  let retrieval: number | null = null;
  let retrieveStarted: number | null = null;
  let score: number | null = null;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: AnswerEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        for await (const event of runtime.assistant.ask(input)) {
          if (event.type === 'stage' && event.stage === 'retrieve') retrieveStarted = performance.now();
          if (event.type === 'sources' && retrieveStarted !== null && retrieval === null) retrieval = (performance.now() - retrieveStarted) / 1000;
          if (event.type === 'token' && firstToken === null) firstToken = (performance.now() - started) / 1000;
          if (event.type === 'confidence') score = event.score;
          if (event.type === 'outcome') {
            runtime.metrics.observeAnswer({
              outcome: event.outcome,
              reason: event.reason,
              seconds: (performance.now() - started) / 1000,
              firstTokenSeconds: firstToken,
              retrievalSeconds: retrieval,
              score,
            });
          }
          send(event);
        }
      } catch (error) {
        runtime.log(`docent: the answer workflow failed: ${describeError(error)}\n${(error as Error)?.stack ?? ''}`);
        send({ type: 'error', code: 'internal_error', message: 'Something went wrong while answering; please try again.' });
      } finally {
        controller.close();
      }
    },
  });
}

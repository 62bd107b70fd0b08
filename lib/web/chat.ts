import type { AnswerEvent } from '../answer/events';
import type { AskInput } from '../answer/workflow';
import { DocentError, describeError } from '../errors';
import type { WebRuntime } from './runtime';

/**
 * The chat stream: the workflow's events as NDJSON (one JSON object per line), exactly the types
 * of lib/answer/events.ts. A failure mid-stream becomes an `error` event, never a broken page.
 * When the asker goes away (Stop, or a closed tab) the workflow is told to stop, and it still runs
 * to its `stopped` outcome, so the conversation and the answer log record what happened.
 */
export function answerStream(runtime: WebRuntime, input: AskInput): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const started = performance.now();
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  let open = true;
  let firstToken: number | null = null;
  let retrieval: number | null = null;
  let retrieveStarted: number | null = null;
  let score: number | null = null;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: AnswerEvent) => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      try {
        for await (const event of runtime.assistant.ask({ ...input, signal })) {
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
        if (DocentError.isInstance(error) && error.status < 500) {
          send({ type: 'error', code: error.code, message: error.message });
        } else {
          runtime.log(`docent: the answer workflow failed: ${describeError(error)}\n${(error as Error)?.stack ?? ''}`);
          send({ type: 'error', code: 'internal_error', message: 'Something went wrong while answering; please try again.' });
        }
      } finally {
        if (open) controller.close();
      }
    },
    cancel() {
      open = false;
      stop.abort();
    },
  });
}

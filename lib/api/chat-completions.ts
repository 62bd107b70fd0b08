import crypto from 'node:crypto';
import type { Citation } from '../answer/events';
import { DocentError } from '../errors';
import type { ApiAnswer, ApiCaller, AskRequest, DocentApi } from './docent-api';
import { openAiError } from './openai-errors';
import { FootnoteStream, type Outcome, conversationUrl, footnoteDefinitions, replyText, sourceUrl } from './openai-format';
import { type ChatCompletionRequest, readTranscript } from './openai-request';

// POST /v1/chat/completions: one answer of the workflow as a chat completion, whole or as
// server-sent chunks ending with "data: [DONE]". Nothing the confidence check has not passed is
// streamed: the answer's tokens flow once the workflow replies; anything else comes whole at its outcome.

/** About four characters a token: clients that show usage get a plausible number; Docent bills nothing. */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** What Docent adds to a completion (clients ignore it): the outcome, the conversation, the sources. */
export function docentExtension(outcome: Outcome, confidence: number | null, origin: string) {
  return {
    outcome: outcome.outcome,
    reason: outcome.reason,
    confidence,
    conversation_id: outcome.conversationId,
    conversation_url: conversationUrl(origin, outcome.conversationId),
    escalation_id: outcome.escalationId,
    citations: outcome.citations.map((citation: Citation) => ({
      n: citation.n,
      doc_id: citation.docId,
      path: citation.path,
      page: citation.page,
      quote: citation.quote,
      url: citation.sourceType === 'document' ? sourceUrl(origin, citation.docId) : null,
    })),
  };
}

export function completionObject(id: string, model: string, created: number, prompt: string, answer: ApiAnswer, origin: string) {
  const completionTokens = estimateTokens(answer.text);
  const promptTokens = estimateTokens(prompt);
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: answer.text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    docent: docentExtension(answer.outcome, answer.confidence, origin),
  };
}

export function chunkObject(id: string, model: string, created: number, delta: Record<string, unknown>, finishReason: 'stop' | null, extra: object = {}) {
  return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra };
}

/** One server-sent event carrying JSON, as OpenAI's streams frame them. */
export const sseEvent = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

export interface CompletionContext {
  api: DocentApi;
  caller: ApiCaller;
  signal?: AbortSignal;
  log: (message: string) => void;
}

/** Answers a parsed request: JSON, or an SSE stream when `stream` is set. The model is checked before anything is sent. */
export async function chatCompletion(context: CompletionContext, body: ChatCompletionRequest): Promise<Response> {
  const { api, caller } = context;
  const { question, prior } = readTranscript(body.messages);
  api.filterFor(caller, body.model);
  const request: AskRequest = { question, prior, model: body.model, signal: context.signal };
  const id = `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`;
  const created = Math.floor(Date.now() / 1000);
  const prompt = [...prior.map((turn) => turn.content), question].join('\n');
  if (!body.stream) {
    const answer = await api.answer(caller, request);
    return Response.json(completionObject(id, body.model, created, prompt, answer, caller.origin), { headers: { 'cache-control': 'no-store' } });
  }
  const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };
  const stream = completionStream(context, request, { id, model: body.model, created, prompt, usage: body.stream_options?.include_usage === true });
  return new Response(stream, { headers });
}

function completionStream(
  context: CompletionContext,
  request: AskRequest,
  meta: { id: string; model: string; created: number; prompt: string; usage: boolean },
): ReadableStream<Uint8Array> {
  const { api, caller } = context;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  let open = true;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const chunk = (delta: Record<string, unknown>, finish: 'stop' | null = null, extra: object = {}) =>
        write(sseEvent(chunkObject(meta.id, meta.model, meta.created, delta, finish, extra)));
      let sent = '';
      const emit = (text: string) => {
        if (!text) return;
        sent += text;
        chunk({ content: text });
      };
      try {
        chunk({ role: 'assistant', content: '' });
        const footnotes = new FootnoteStream();
        let replying = false;
        let outcome: Outcome | null = null;
        let confidence: number | null = null;
        const signal = request.signal ? AbortSignal.any([request.signal, stop.signal]) : stop.signal;
        for await (const event of api.ask(caller, { ...request, signal })) {
          if (event.type === 'stage' && event.stage === 'reply') replying = true;
          else if (event.type === 'token' && replying) emit(footnotes.push(event.text));
          else if (event.type === 'confidence') confidence = event.score;
          else if (event.type === 'outcome') {
            outcome = event;
            if (replying && event.outcome === 'answered') emit(footnotes.end() + footnoteDefinitions(event.citations, caller.origin));
            else emit(replyText(event, caller.origin));
          }
        }
        if (!outcome) throw new DocentError('workflow_incomplete', 'The answer workflow ended without an outcome.');
        api.remember(caller, request, sent, outcome.conversationId);
        chunk({}, 'stop', { docent: docentExtension(outcome, confidence, caller.origin) });
        if (meta.usage) {
          const [prompt, completion] = [estimateTokens(meta.prompt), estimateTokens(sent)];
          write(
            sseEvent({
              ...chunkObject(meta.id, meta.model, meta.created, {}, null),
              choices: [],
              usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
            }),
          );
        }
      } catch (error) {
        // The status line is gone: OpenAI's clients raise an error event in the stream as an APIError.
        write(sseEvent(openAiError(error, context.log).body));
      } finally {
        write(SSE_DONE);
        if (open) controller.close();
      }
    },
    cancel() {
      open = false;
      stop.abort();
    },
  });
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeEmbedder } from './fake-embedder';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface ChatScript {
  /** Text the model "writes"; streamed in small pieces when the client asks for a stream. */
  reply: string | ((messages: { role: string; content: string }[]) => string);
  /** The JSON object returned when the client asks for structured output (response_format). */
  structured?: (messages: { role: string; content: string }[]) => Record<string, unknown>;
}

/**
 * A local OpenAI-compatible server (/v1/embeddings, /v1/chat/completions, /v1/models) that records
 * every request. It can be taken down (connections refused), made slow, or made to fail.
 */
export class OpenAIDouble {
  readonly requests: RecordedRequest[] = [];
  dimension = 32;
  delayMs = 0;
  /** Pause between streamed pieces, so that a client can stop an answer while it is being written. */
  pieceDelayMs = 0;
  /** Streams the client closed before the last piece (a stopped answer cancels its model call). */
  abortedStreams = 0;
  failStatus: number | null = null;
  chat: ChatScript = { reply: 'I cannot find that in the documents.' };
  private server: http.Server | null = null;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening: clients get "connection refused" until start() is called again on the same port. */
  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  async restart(): Promise<void> {
    await this.start(this.port);
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith('/chat/completions'));
  }

  embeddingCalls(): number {
    return this.requests.filter((request) => request.path.endsWith('/embeddings')).length;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    this.requests.push({ method: request.method ?? 'GET', path: request.url ?? '', body });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failStatus) {
      response.writeHead(this.failStatus, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'injected failure', type: 'server_error' } }));
      return;
    }
    if (request.url?.endsWith('/embeddings')) {
      const input = (body?.input ?? []) as string[] | string;
      const texts = Array.isArray(input) ? input : [input];
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          model: body?.model,
          data: texts.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(FakeEmbedder.vector(String(text), this.dimension)) })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        }),
      );
      return;
    }
    if (request.url?.endsWith('/chat/completions')) {
      const messages = (body?.messages ?? []) as { role: string; content: string }[];
      const text = body?.response_format
        ? JSON.stringify(this.chat.structured?.(messages) ?? { category: 'question', reason: 'a question about the documents' })
        : typeof this.chat.reply === 'function'
          ? this.chat.reply(messages)
          : this.chat.reply;
      const base = { id: 'chatcmpl-double', created: 1_700_000_000, model: body?.model ?? 'double' };
      if (body?.stream) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        let closed = false;
        response.on('close', () => {
          if (!response.writableEnded) this.abortedStreams += 1;
          closed = true;
        });
        for (const piece of text.match(/.{1,12}/gs) ?? []) {
          if (this.pieceDelayMs) await new Promise((resolve) => setTimeout(resolve, this.pieceDelayMs));
          if (closed) return;
          response.write(
            `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
          );
        }
        response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
        response.end('data: [DONE]\n\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
      return;
    }
    if (request.url?.endsWith('/models')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'double', object: 'model' }] }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: 'not found' } }));
  }
}

import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import type { z } from 'zod';
import type { Config } from '../config';
import { DocentError, describeError } from '../errors';

export class ModelUnavailableError extends DocentError {
  constructor(
    readonly model: string,
    message: string,
    cause?: unknown,
  ) {
    super('model_unavailable', message, { cause, transient: true, status: 503 });
  }
}

/** The asker stopped the answer (`signal` aborted): carries what the model had written until then. */
export class StoppedError extends DocentError {
  constructor(readonly partial: string) {
    super('stopped', 'The answer was stopped.', { status: 499 });
  }
}

/** The small surface of a chat model the workflow uses; one adapter (any OpenAI-compatible endpoint). */
export interface ChatModel {
  readonly name: string;
  /** Streams the reply, calling onToken per piece; resolves with the whole text. `signal` stops it (StoppedError). */
  stream(system: string, user: string, onToken: (text: string) => void, signal?: AbortSignal): Promise<string>;
  complete(system: string, user: string): Promise<string>;
  structured<T extends Record<string, unknown>>(schema: z.ZodType<T>, system: string, user: string): Promise<T>;
  health(): Promise<{ ok: boolean; detail: string }>;
}

function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, model: string, stop?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const signal = stop ? AbortSignal.any([controller.signal, stop]) : controller.signal;
  return run(signal)
    .catch((error: unknown) => {
      if (error instanceof StoppedError) throw error;
      if (stop?.aborted) throw new StoppedError('');
      if (controller.signal.aborted) throw new ModelUnavailableError(model, `The model ${model} did not answer within ${timeoutMs / 1000} s.`, error);
      throw new ModelUnavailableError(model, `The model ${model} is unavailable: ${describeError(error)}`, error);
    })
    .finally(() => clearTimeout(timer));
}

/** ChatOpenAI against any OpenAI-compatible base URL (OpenAI, Ollama, vLLM, llama.cpp). */
export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly client: ChatOpenAI;

  constructor(private readonly options: { model: string; baseUrl?: string; apiKey?: string; timeoutMs: number }) {
    this.name = `openai:${options.model}`;
    this.client = new ChatOpenAI({
      model: options.model,
      apiKey: options.apiKey ?? 'not-needed',
      temperature: 0,
      maxRetries: 0,
      configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
    });
  }

  stream(system: string, user: string, onToken: (text: string) => void, stop?: AbortSignal): Promise<string> {
    return withDeadline(
      async (signal) => {
        let text = '';
        try {
          const stream = await this.client.stream([new SystemMessage(system), new HumanMessage(user)], { signal });
          for await (const chunk of stream) {
            const piece = typeof chunk.content === 'string' ? chunk.content : '';
            if (piece) {
              text += piece;
              onToken(piece);
            }
          }
        } catch (error) {
          // Aborting the request closes the connection, so the server stops writing too.
          if (stop?.aborted) throw new StoppedError(text);
          throw error;
        }
        return text;
      },
      this.options.timeoutMs,
      this.name,
      stop,
    );
  }

  complete(system: string, user: string): Promise<string> {
    return withDeadline(
      async (signal) => {
        const reply = await this.client.invoke([new SystemMessage(system), new HumanMessage(user)], { signal });
        return typeof reply.content === 'string' ? reply.content : '';
      },
      this.options.timeoutMs,
      this.name,
    );
  }

  structured<T extends Record<string, unknown>>(schema: z.ZodType<T>, system: string, user: string): Promise<T> {
    return withDeadline(
      async (signal) => {
        const runnable = this.client.withStructuredOutput(schema as never, { name: 'result', method: 'jsonSchema' });
        return (await runnable.invoke([new SystemMessage(system), new HumanMessage(user)], { signal })) as T;
      },
      this.options.timeoutMs,
      this.name,
    );
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      const base = this.options.baseUrl ?? 'https://api.openai.com/v1';
      const response = await fetch(`${base.replace(/\/$/, '')}/models`, {
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: AbortSignal.timeout(Math.min(this.options.timeoutMs, 5000)),
      });
      return response.ok ? { ok: true, detail: `${this.name} at ${base}` } : { ok: false, detail: `${base}/models answered ${response.status}` };
    } catch (error) {
      return { ok: false, detail: `${this.name}: ${describeError(error)}` };
    }
  }
}

/** The configured chat model, or null when answers are extractive (DOCENT_LLM=none). */
export function createChatModel(config: Config): ChatModel | null {
  if (config.llm.provider !== 'openai') return null;
  return new OpenAIChatModel({ model: config.llm.model!, baseUrl: config.openai.baseUrl, apiKey: config.openai.apiKey, timeoutMs: config.llm.timeoutMs });
}

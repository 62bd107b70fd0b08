import { OpenAIEmbeddings } from '@langchain/openai';
import { EmbedderError, describeError } from '../errors';
import type { Embedder, EmbedderIdentity } from './types';

export interface OpenAIEmbedderOptions {
  model: string;
  baseUrl?: string;
  apiKey?: string;
  dimensions?: number;
  timeoutMs: number;
}

function isTransient(error: unknown): boolean {
  const status = (error as { status?: number } | null)?.status;
  if (typeof status === 'number') return status === 408 || status === 409 || status === 429 || status >= 500;
  return true; // connection refused, reset, DNS, timeouts
}

/** Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, vLLM, llama.cpp) by base URL. */
export class OpenAIEmbedder implements Embedder {
  readonly maxBatchSize = 256;
  readonly parallelism = 4;
  private readonly client: OpenAIEmbeddings;

  private constructor(
    readonly identity: EmbedderIdentity,
    private readonly options: OpenAIEmbedderOptions,
  ) {
    this.client = new OpenAIEmbeddings({
      model: options.model,
      apiKey: options.apiKey ?? 'not-needed',
      dimensions: options.dimensions,
      // Without it the openai client asks for base64 and decodes whatever comes back as base64: a
      // server that ignores the request and sends floats (several OpenAI-compatible ones do) would
      // yield vectors of a quarter of the size, silently wrong.
      encodingFormat: 'float',
      // Retries and batching belong to the caller, not to the client library.
      maxRetries: 0,
      batchSize: this.maxBatchSize,
      timeout: options.timeoutMs,
      configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
    });
  }

  /** The dimension comes from configuration or, failing that, from one probe call. */
  static async create(options: OpenAIEmbedderOptions, knownDimension?: number): Promise<OpenAIEmbedder> {
    const dimension = knownDimension ?? options.dimensions;
    if (dimension) return new OpenAIEmbedder({ provider: 'openai', model: options.model, dimension }, options);
    const probe = new OpenAIEmbedder({ provider: 'openai', model: options.model, dimension: 0 }, options);
    const [vector] = await probe.embed(['dimension probe']);
    return new OpenAIEmbedder({ provider: 'openai', model: options.model, dimension: vector!.length }, options);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    let vectors: number[][];
    try {
      vectors = await this.client.embedDocuments(texts);
    } catch (error) {
      const where = this.options.baseUrl ?? 'the OpenAI API';
      throw new EmbedderError('openai', this.options.model, `Embedding with ${this.options.model} at ${where} failed: ${describeError(error)}`, {
        cause: error,
        transient: isTransient(error),
      });
    }
    if (this.identity.dimension && vectors.some((vector) => vector.length !== this.identity.dimension)) {
      throw new EmbedderError('openai', this.options.model, `The endpoint returned vectors of an unexpected size (expected ${this.identity.dimension}).`, {
        transient: false,
      });
    }
    return vectors.map((vector) => Float32Array.from(vector));
  }

  async close(): Promise<void> {}
}

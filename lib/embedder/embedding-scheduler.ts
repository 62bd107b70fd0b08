import pRetry from 'p-retry';
import { DocentError, EmbedderError } from '../errors';
import type { Embedder } from './types';
import type { VectorCache } from './vector-cache';

export interface EmbeddingSchedulerOptions {
  batchSize: number;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  /** Base delay of the exponential backoff between retries. */
  retryMinDelayMs?: number;
  onRetry?: (error: unknown, attempt: number) => void;
  /** Vectors already computed for a text by this embedder, looked up before any call (DOCENT_EMBED_CACHE). */
  cache?: VectorCache | null;
}

export interface EmbeddingStats {
  /** Calls made to the embedder (a retried call counts each time). */
  calls: number;
  texts: number;
  /** Texts answered from the cache, without a call. */
  cached: number;
  retries: number;
  failures: number;
  busySeconds: number;
}

interface Pending {
  text: string;
  resolve: (vector: Float32Array) => void;
  reject: (error: unknown) => void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Only outages and timeouts are worth another try; a bad request, or a thread that cannot load its code, fails at once. */
const retryable = (error: Error) => !(DocentError.isInstance(error) && !error.transient);

/**
 * The one place that batches, parallelises and retries embedding calls, for every embedder.
 * Texts from concurrent callers (several documents in flight) are merged into full batches.
 */
export class EmbeddingScheduler {
  readonly stats: EmbeddingStats = { calls: 0, texts: 0, cached: 0, retries: 0, failures: 0, busySeconds: 0 };
  private readonly queue: Pending[] = [];
  private active = 0;
  private scheduled = false;
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(
    readonly embedder: Embedder,
    private readonly options: EmbeddingSchedulerOptions,
  ) {
    this.batchSize = Math.max(1, Math.min(options.batchSize, embedder.maxBatchSize));
    this.concurrency = Math.max(1, Math.min(options.concurrency, embedder.parallelism));
  }

  get identity() {
    return this.embedder.identity;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    const known = this.options.cache?.lookup(this.identity, texts) ?? [];
    const promises = texts.map((text, index) => {
      const vector = known[index];
      if (vector) {
        this.stats.cached += 1;
        return Promise.resolve(vector);
      }
      return new Promise<Float32Array>((resolve, reject) => this.queue.push({ text, resolve, reject }));
    });
    if (this.queue.length > 0) this.schedule();
    return Promise.all(promises);
  }

  /** A document is being read and its chunks will follow: the embedder may start loading now. */
  prepare(): void {
    this.embedder.prepare?.();
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embed([text]);
    return vector!;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Let callers in the same tick add their texts before the first batch is cut.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Calls worth running at once now. An embedder that loads its threads on demand gets a few texts (a file's chunks,
   * a question's sentences) in one call to a loaded thread rather than shared with one still to load, which would cost
   * its load time and a copy of the model (about 200 MB); texts that would wait for a busy thread are a backlog that
   * another thread is worth starting for.
   */
  private slots(): number {
    const warm = this.embedder.warmThreads;
    if (warm === undefined) return this.concurrency;
    const loaded = Math.min(this.concurrency, Math.max(1, warm));
    return this.active >= loaded ? this.concurrency : loaded;
  }

  private pump(): void {
    for (let slots = this.slots(); this.active < slots && this.queue.length > 0; slots = this.slots()) {
      // A few texts (a question's sentences) are shared among the idle slots worth using (above) rather than sent as one
      // batch to one of them: a question then waits for half the work on two cores. A long queue still goes in full batches.
      const size = Math.min(this.batchSize, Math.ceil(this.queue.length / (slots - this.active)));
      const batch = this.queue.splice(0, size);
      this.active += 1;
      void this.run(batch).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const texts = batch.map((item) => item.text);
    const started = performance.now();
    try {
      const vectors = await pRetry(
        async () => {
          this.stats.calls += 1;
          return withTimeout(
            this.embedder.embed(texts),
            this.options.timeoutMs,
            () =>
              new EmbedderError(
                this.identity.provider,
                this.identity.model,
                `Embedding ${texts.length} texts timed out after ${this.options.timeoutMs / 1000} s.`,
              ),
          );
        },
        {
          retries: this.options.retries,
          factor: 2,
          minTimeout: this.options.retryMinDelayMs ?? 500,
          maxTimeout: 30_000,
          randomize: true,
          shouldRetry: retryable,
          // p-retry reports every failed attempt before asking shouldRetry: only a retry that will happen counts.
          onFailedAttempt: (error) => {
            if (error.retriesLeft > 0 && retryable(error)) {
              this.stats.retries += 1;
              this.options.onRetry?.(error, error.attemptNumber);
            }
          },
        },
      );
      if (vectors.length !== texts.length) {
        throw new EmbedderError(this.identity.provider, this.identity.model, `The embedder returned ${vectors.length} vectors for ${texts.length} texts.`, {
          transient: false,
        });
      }
      this.stats.texts += texts.length;
      this.options.cache?.store(this.identity, texts, vectors);
      batch.forEach((item, index) => item.resolve(vectors[index]!));
    } catch (error) {
      this.stats.failures += 1;
      for (const item of batch) item.reject(error);
    } finally {
      this.stats.busySeconds += (performance.now() - started) / 1000;
    }
  }

  async close(): Promise<void> {
    this.options.cache?.close();
    await this.embedder.close();
  }
}

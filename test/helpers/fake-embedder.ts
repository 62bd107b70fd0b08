import { EmbedderError } from '../../lib/errors';
import type { Embedder, EmbedderIdentity } from '../../lib/embedder/types';
import { tokenize } from '../../lib/text/tokenize';

/**
 * A deterministic bag-of-words embedder (hashed terms, L2-normalised) that records its calls and
 * can be told to fail: for tests of the callers, not a stand-in for the real model.
 */
export class FakeEmbedder implements Embedder {
  readonly calls: string[][] = [];
  readonly maxBatchSize: number;
  readonly parallelism: number;
  failures: { count: number; transient: boolean } = { count: 0, transient: true };
  delayMs = 0;
  active = 0;
  maxActive = 0;

  constructor(
    readonly identity: EmbedderIdentity = { provider: 'fake', model: 'hashed-bow', dimension: 64 },
    options: { maxBatchSize?: number; parallelism?: number } = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 32;
    this.parallelism = options.parallelism ?? 4;
  }

  static vector(text: string, dimension: number): Float32Array {
    const vector = new Float32Array(dimension);
    for (const term of tokenize(text)) {
      let hash = 2166136261;
      for (const char of term) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
      vector[Math.abs(hash) % dimension]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push(texts);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.failures.count > 0) {
        this.failures.count -= 1;
        throw new EmbedderError(this.identity.provider, this.identity.model, 'injected failure', { transient: this.failures.transient });
      }
      return texts.map((text) => FakeEmbedder.vector(text, this.identity.dimension));
    } finally {
      this.active -= 1;
    }
  }

  async close(): Promise<void> {}
}

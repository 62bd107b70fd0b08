import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';

/** Vectors of the pieces compared with questions, cached: the same passages come back for related questions. */
export class PartVectors {
  private readonly cache = new Map<string, Float32Array>();
  constructor(
    private readonly scheduler: EmbeddingScheduler,
    private readonly capacity = 20_000,
  ) {}

  async of(parts: string[]): Promise<Map<string, Float32Array>> {
    const missing = [...new Set(parts.filter((part) => !this.cache.has(part)))];
    if (missing.length) {
      const vectors = await this.scheduler.embed(missing);
      missing.forEach((part, index) => this.cache.set(part, vectors[index]!));
      while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    }
    return new Map(parts.map((part) => [part, this.cache.get(part)!]));
  }

  cached(part: string): Float32Array | undefined {
    return this.cache.get(part);
  }
}

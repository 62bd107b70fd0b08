export interface EmbedderIdentity {
  provider: 'local' | 'openai' | (string & {});
  model: string;
  dimension: number;
}

/** One embedding capability. Adapters make one call per `embed`; batching, concurrency and retries live in the caller. */
export interface Embedder {
  readonly identity: EmbedderIdentity;
  /** The largest number of texts one `embed` call accepts. */
  readonly maxBatchSize: number;
  /** How many `embed` calls may usefully run at once (worker threads, remote connections). */
  readonly parallelism: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Worker threads loaded and alive now, for an embedder that starts them on demand (undefined: not such an embedder). */
  readonly warmThreads?: number;
  /** Texts are on their way: load what the first `embed` would wait for (a model on a retired thread). */
  prepare?(): void;
  close(): Promise<void>;
}

export function identityKey(identity: EmbedderIdentity): string {
  return `${identity.provider}:${identity.model}:${identity.dimension}`;
}

export function parseIdentityKey(key: string): EmbedderIdentity {
  const last = key.lastIndexOf(':');
  const first = key.indexOf(':');
  if (first < 0 || last <= first) throw new Error(`Not an embedder identity: ${key}`);
  return { provider: key.slice(0, first), model: key.slice(first + 1, last), dimension: Number(key.slice(last + 1)) };
}

export function sameIdentity(a: EmbedderIdentity, b: EmbedderIdentity): boolean {
  return identityKey(a) === identityKey(b);
}

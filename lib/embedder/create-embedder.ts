import type { Config } from '../config';
import { EmbeddingScheduler } from './embedding-scheduler';
import { LOCAL_IDENTITY, LocalEmbedder } from './local-embedder';
import { OpenAIEmbedder } from './openai-embedder';
import type { Embedder, EmbedderIdentity } from './types';
import { VectorCache } from './vector-cache';

/** What the configuration asks for; the dimension of a remote model may only be known after a probe. */
export function configuredEmbedder(config: Config): { provider: string; model: string; dimension?: number } {
  if (config.embedder.provider === 'local') return LOCAL_IDENTITY;
  return { provider: 'openai', model: config.embedder.model!, dimension: config.embedder.dimensions };
}

export function matchesConfigured(identity: EmbedderIdentity, config: Config): boolean {
  const wanted = configuredEmbedder(config);
  return (
    identity.provider === wanted.provider && identity.model === wanted.model && (wanted.dimension === undefined || wanted.dimension === identity.dimension)
  );
}

/** The identity the configured embedder reports (a remote model is probed for its dimension). */
export async function configuredIdentity(config: Config): Promise<EmbedderIdentity> {
  const embedder = await createEmbedder(config, { threads: 0 });
  await embedder.close();
  return embedder.identity;
}

/**
 * The one place an embedder is chosen. With `identity` (the one an index generation recorded)
 * that embedder is built, whatever the configuration now says, so vectors are never mixed.
 */
export async function createEmbedder(
  config: Config,
  options: { identity?: EmbedderIdentity; threads?: number; idleMs?: number | null } = {},
): Promise<Embedder> {
  const provider = options.identity?.provider ?? config.embedder.provider;
  if (provider === 'local') {
    // Ingestion's threads retire soon after a burst, but one stays warm longer (DOCENT_EMBED_WARM_S): its load is
    // most of the wait of a file dropped after a quiet spell. A caller with its own idle time (the web) keeps that.
    const ingestion = options.idleMs === undefined;
    return new LocalEmbedder({
      threads: options.threads ?? config.embedder.threads,
      idleMs: ingestion ? config.workerIdleMs : options.idleMs,
      lastIdleMs: ingestion ? config.embedderWarmMs : null,
    });
  }
  if (provider === 'openai') {
    const model = options.identity?.model ?? config.embedder.model!;
    return OpenAIEmbedder.create(
      {
        model,
        baseUrl: config.openai.baseUrl,
        apiKey: config.openai.apiKey,
        // A requested output size only applies to the configured model.
        dimensions: model === config.embedder.model ? config.embedder.dimensions : undefined,
        timeoutMs: config.embedder.timeoutMs,
      },
      options.identity?.dimension,
    );
  }
  throw new Error(`Unknown embedder provider "${provider}" recorded in the index.`);
}

/** The one caller of an embedder, with the configured cache unless `overrides.cache` says otherwise (null: none). */
export function createScheduler(config: Config, embedder: Embedder, overrides: Partial<ConstructorParameters<typeof EmbeddingScheduler>[1]> = {}) {
  const { cache: configured } = config.embedder;
  return new EmbeddingScheduler(embedder, {
    batchSize: config.embedder.batchSize,
    concurrency: config.embedder.concurrency,
    retries: config.embedder.retries,
    timeoutMs: config.embedder.timeoutMs,
    ...overrides,
    cache: overrides.cache !== undefined ? overrides.cache : configured && VectorCache.open(configured.file, configured.maxBytes),
  });
}

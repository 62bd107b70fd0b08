import type { Config } from '../config';
import type { Db } from '../db';
import type { EmbedderIdentity } from '../embedder/types';
import { DocentError } from '../errors';
import { Registry } from '../registry';
import { EmbeddedIndex } from './embedded-index';
import { type Generation, activateGeneration, createGeneration, servingGeneration } from './generations';
import { QdrantIndex } from './qdrant-index';
import type { GenerationIndex } from './types';

function qdrantSettings(config: Config, generation: Generation) {
  if (!config.qdrant) {
    throw new DocentError(
      'qdrant_not_configured',
      `Generation ${generation.name} lives in Qdrant, but QDRANT_URL is not set. Set it, or run \`npm run reindex\` to rebuild in the embedded index.`,
    );
  }
  return config.qdrant;
}

/**
 * The one place a vector index backend is opened: a generation lives in the backend it was built
 * in (the configuration only decides where the next generation is built). Qdrant is contacted
 * lazily, so an unreachable server degrades operations instead of stopping Docent.
 */
export async function openIndex(config: Config, db: Db, generation: Generation): Promise<GenerationIndex> {
  if (generation.backend === 'qdrant') {
    const qdrant = qdrantSettings(config, generation);
    return new QdrantIndex({
      url: qdrant.url,
      apiKey: qdrant.apiKey,
      collection: generation.name,
      identity: generation.embedder,
      titleWeight: config.retrieval.titleWeight,
      headingWeight: config.retrieval.headingWeight,
      k1: config.retrieval.k1,
      b: config.retrieval.b,
      shardNumber: qdrant.shards,
      replicationFactor: qdrant.replication,
      timeoutMs: qdrant.timeoutMs,
      alias: qdrant.alias,
    });
  }
  EmbeddedIndex.ensureTables(db, generation.name, generation.embedder.dimension);
  return new EmbeddedIndex(db, generation.name, generation.embedder, {
    titleWeight: config.retrieval.titleWeight,
    headingWeight: config.retrieval.headingWeight,
    probes: config.retrieval.probes,
    searchThread: config.retrieval.searchThread,
  });
}

/** Removes a generation's vectors and registry rows; its row stays as history. */
export async function dropGeneration(config: Config, db: Db, generation: Generation): Promise<void> {
  await (await openIndex(config, db, generation)).drop();
  new Registry(db, generation.name).deleteAll();
}

/**
 * Makes `generation` the serving one. The backend switches first (in Qdrant the alias moves in one
 * atomic alias operation), then the registry switches in one SQLite transaction.
 */
export async function switchServing(config: Config, db: Db, generation: Generation): Promise<void> {
  await (await openIndex(config, db, generation)).claimServing();
  activateGeneration(db, generation.name);
}

/** The serving generation, created (in the configured backend) when the data directory is new. */
export function ensureServingGeneration(config: Config, db: Db, identity: () => EmbedderIdentity): Generation {
  return servingGeneration(db) ?? createGeneration(db, config.backend, identity(), 'serving', config.qdrant?.prefix);
}

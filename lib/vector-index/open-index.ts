import type { Config } from '../config';
import type { Db } from '../db';
import type { EmbedderIdentity } from '../embedder/types';
import { EmbeddedIndex } from './embedded-index';
import { type Generation, createGeneration, servingGeneration } from './generations';
import type { VectorIndex } from './types';

/** Generation names: `g<n>` table sets in the embedded index. */
export function generationNamer(_config: Config): (id: number) => string {
  return (id) => `g${id}`;
}

/** The one place a vector index backend is chosen and opened for a generation. */
export async function openIndex(config: Config, db: Db, generation: Generation): Promise<VectorIndex> {
  if (config.qdrant) throw new Error('The Qdrant backend is not available in this build.');
  EmbeddedIndex.ensureTables(db, generation.name, generation.embedder.dimension);
  return new EmbeddedIndex(db, generation.name, generation.embedder, {
    titleWeight: config.retrieval.titleWeight,
    headingWeight: config.retrieval.headingWeight,
  });
}

/** Removes a generation's vectors and registry rows; its row stays as history. */
export async function dropGeneration(config: Config, db: Db, generation: Generation): Promise<void> {
  if (config.qdrant) throw new Error('The Qdrant backend is not available in this build.');
  db.transaction(() => {
    EmbeddedIndex.dropTables(db, generation.name);
    db.prepare('delete from documents where generation = ?').run(generation.name);
  })();
}

/** The serving generation, created with `identity` when the data directory is new. */
export function ensureServingGeneration(config: Config, db: Db, identity: () => EmbedderIdentity): Generation {
  return servingGeneration(db) ?? createGeneration(db, identity(), generationNamer(config), 'serving');
}

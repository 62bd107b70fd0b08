import type { Config } from './config';
import { type Db, openDatabase } from './db';
import { configuredEmbedder, configuredIdentity, createEmbedder, createScheduler, matchesConfigured } from './embedder/create-embedder';
import type { EmbeddingScheduler } from './embedder/embedding-scheduler';
import { identityKey } from './embedder/types';
import { JobQueue, type StartupSync } from './jobs';
import { pipelineRunning } from './pipeline-lock';
import { Registry } from './registry';
import { TOKENIZER_VERSION } from './text/tokenize';
import { type Generation, getGeneration, servingGeneration, termsCurrent } from './vector-index/generations';
import { closeSearchThread } from './vector-index/dense-thread';
import { ensureServingGeneration, openIndex } from './vector-index/open-index';
import type { VectorIndex } from './vector-index/types';

export function embedderMismatchMessage(config: Config, generation: Generation): string | null {
  if (matchesConfigured(generation.embedder, config)) return null;
  const wanted = configuredEmbedder(config);
  const configured = `${wanted.provider}:${wanted.model}${wanted.dimension ? `:${wanted.dimension}` : ''}`;
  return (
    `The index (generation ${generation.name}) was built with ${identityKey(generation.embedder)}, but ${configured} is configured. ` +
    `Queries and new documents keep using ${identityKey(generation.embedder)} so vectors are never mixed; run \`npm run reindex\` to rebuild with ${configured}.`
  );
}

/** A generation's index with the embedder that built it, and its registry. */
export interface GenerationHandle {
  generation: Generation;
  registry: Registry;
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
}

/** The embedder's worker threads: how many, how long one may sit idle (null: always kept), and (local model) its batches' size. */
export interface EmbedderOptions {
  embedThreads?: number;
  embedIdleMs?: number | null;
  embedBatchSize?: number;
}

/** Opens a generation with the embedder it records (never the configured one, if they differ). */
export async function openGeneration(config: Config, db: Db, generation: Generation, options: EmbedderOptions = {}): Promise<GenerationHandle> {
  const embedder = await createEmbedder(config, { identity: generation.embedder, threads: options.embedThreads, idleMs: options.embedIdleMs });
  try {
    const index = await openIndex(config, db, generation);
    return {
      generation,
      registry: new Registry(db, generation.name),
      index,
      // Small batches keep the local model's threads lean and responsive; a remote API is better served by few large calls.
      scheduler: createScheduler(
        config,
        embedder,
        options.embedBatchSize && generation.embedder.provider === 'local' ? { batchSize: options.embedBatchSize } : {},
      ),
    };
  } catch (error) {
    await embedder.close();
    throw error;
  }
}

/**
 * Everything a command needs, chosen from config in this one place: the database, the live job
 * queue, and the serving generation (registry, index, matching embedder). `refresh()` follows a
 * reindex or rollback done by another process.
 */
export class Services implements GenerationHandle {
  readonly jobs: JobQueue;
  embedderWarning: string | null;

  private constructor(
    readonly config: Config,
    readonly db: Db,
    private handle: GenerationHandle,
    private readonly embedderOptions: EmbedderOptions,
  ) {
    this.jobs = new JobQueue(db);
    this.embedderWarning = embedderMismatchMessage(config, handle.generation);
  }

  static async open(config: Config, options: EmbedderOptions = {}): Promise<Services> {
    const db = openDatabase(config.dataDir);
    try {
      let generation = servingGeneration(db);
      if (!generation) {
        const identity = await configuredIdentity(config);
        generation = ensureServingGeneration(config, db, () => identity);
      }
      return new Services(config, db, await openGeneration(config, db, generation, options), options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get generation() {
    return this.handle.generation;
  }

  /**
   * Set while the serving generation's terms were written by another tokenizer version (read from
   * the database: the watcher re-reads them in its own process): word matches are unreliable until then.
   */
  termsWarning(): string | null {
    const generation = getGeneration(this.db, this.generation.name);
    if (!generation || termsCurrent(generation)) return null;
    const written = generation.tokenizer === null ? 'an older tokenizer' : `tokenizer v${generation.tokenizer}`;
    return (
      `The index's terms were written by ${written}, and this Docent reads v${TOKENIZER_VERSION}: word matches miss until the watcher ` +
      '(npm start, npm run watch or npm run ingest) has re-read them, which it does as it starts; nothing is extracted or embedded again.'
    );
  }

  /** The start-up sync's progress while a pipeline runs it; null when none is running. */
  syncProgress(): StartupSync | null {
    return pipelineRunning(this.db) ? this.jobs.startupSync() : null;
  }
  get registry() {
    return this.handle.registry;
  }

  private languagesRead: { at: number; generation: string; languages: readonly string[] } | null = null;

  /** The languages of the serving generation's documents, read again at most every 30 s (questions search in one of them). */
  indexLanguages(): readonly string[] {
    const now = Date.now();
    const cached = this.languagesRead;
    if (cached && cached.generation === this.generation.name && now - cached.at < 30_000) return cached.languages;
    const languages = this.registry.languages();
    this.languagesRead = { at: now, generation: this.generation.name, languages };
    return languages;
  }
  get index() {
    return this.handle.index;
  }
  get scheduler() {
    return this.handle.scheduler;
  }

  async refresh(): Promise<boolean> {
    const serving = servingGeneration(this.db);
    if (!serving || serving.name === this.handle.generation.name) return false;
    const next = await openGeneration(this.config, this.db, serving, this.embedderOptions);
    const previous = this.handle;
    this.handle = next;
    this.embedderWarning = embedderMismatchMessage(this.config, serving);
    await previous.scheduler.close();
    return true;
  }

  async close(): Promise<void> {
    await this.handle.scheduler.close();
    await closeSearchThread(this.db);
    this.db.close();
  }
}

export function openServices(config: Config, options: EmbedderOptions = {}): Promise<Services> {
  return Services.open(config, options);
}

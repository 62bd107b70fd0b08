import path from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { CALIBRATED_CONFIDENCE_MODEL } from './answer/calibration';
import { LANGUAGE_CONFIDENCE_MODELS } from './answer/confidence-languages';
import { CALIBRATED_PARAPHRASE_MODEL } from './answer/paraphrase-model';
import { DEFAULT_SENSITIVE_PATTERNS } from './answer/sensitive-topics';
import { type ConfidenceModel, SIGNAL_NAMES, type SignalName } from './answer/signals';
import { ConfigError } from './errors';
import { oidcSettings, publicOrigin } from './config-oidc';
import { environmentSchema } from './config-schema';

// The only module that reads process.env. Everything else receives a parsed Config.

export type EnvironmentInput = Record<string, string | undefined>;

/** Every environment variable the configuration reads (docs and deployment files are checked against it). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);

const confidenceModelSchema = z.object({
  bias: z.number(),
  // A signal the model does not name weighs nothing: models calibrated before a signal existed still load.
  weights: z.object(Object.fromEntries(SIGNAL_NAMES.map((name) => [name, z.number().default(0)])) as Record<SignalName, z.ZodDefault<z.ZodNumber>>),
  threshold: z.number().min(0).max(1),
});

function parseConfidenceModel(json: string | undefined, threshold: number | undefined): ConfidenceModel {
  let model: ConfidenceModel = CALIBRATED_CONFIDENCE_MODEL;
  if (json) {
    try {
      model = confidenceModelSchema.parse(JSON.parse(json));
    } catch (error) {
      throw new ConfigError([
        `DOCENT_CONFIDENCE_MODEL must be JSON {"bias", "weights": {${SIGNAL_NAMES.join(', ')}}, "threshold"}: ${(error as Error).message.split('\n')[0]}`,
      ]);
    }
  }
  return threshold === undefined ? model : { ...model, threshold };
}

// Where the local embedder's side of the fusion improved gold-paragraph @5 on XQuAD (hybrid against
// BM25 alone, 2026-12-02, docs/benchmarks.md): English, Romanian and Turkish; in the nine other
// languages it lowered it or changed nothing.
const LOCAL_DENSE_LANGUAGES = 'en,ro,tr';

/** "all", or the languages whose questions search the dense side too (a question of no known language always does). */
function denseLanguages(value: string): 'all' | string[] {
  return value === 'all' ? 'all' : [...value.split(','), 'und'];
}

/** Whether the embedder reads questions in this language (DOCENT_DENSE_LANGUAGES): elsewhere its similarities are noise. */
export function embedderReads(retrieval: { denseLanguages: 'all' | readonly string[] }, language: string): boolean {
  return retrieval.denseLanguages === 'all' || retrieval.denseLanguages.includes(language);
}

function parseSensitivePatterns(json: string | undefined): Record<string, string> {
  if (!json) return {};
  let parsed: Record<string, string>;
  try {
    parsed = z.record(z.string(), z.string()).parse(JSON.parse(json));
  } catch (error) {
    throw new ConfigError([`DOCENT_SENSITIVE_PATTERNS must be JSON {"topic name": "regular expression"}: ${(error as Error).message.split('\n')[0]}`]);
  }
  for (const [name, source] of Object.entries(parsed)) {
    try {
      new RegExp(source, 'i');
    } catch (error) {
      throw new ConfigError([`DOCENT_SENSITIVE_PATTERNS: the pattern for "${name}" is not a valid regular expression (${(error as Error).message})`]);
    }
  }
  return parsed;
}

function resolvePath(value: string, cwd: string): string {
  return path.resolve(cwd, value);
}

export function loadConfig(environment: EnvironmentInput = process.env, cwd: string = process.cwd()) {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  // Removed settings are named, never silently ignored: the value would no longer do what it says.
  if (environment.DOCENT_CURATED_MIN_SIMILARITY) {
    throw new ConfigError([
      'DOCENT_CURATED_MIN_SIMILARITY was replaced by DOCENT_PARAPHRASE_THRESHOLD (a paraphrase score in [0, 1] that also weighs the words two questions share; empty = calibrated). Remove it, or set DOCENT_PARAPHRASE_THRESHOLD.',
    ]);
  }
  if (env.DOCENT_CHUNK_OVERLAP >= env.DOCENT_CHUNK_SIZE) {
    throw new ConfigError([`DOCENT_CHUNK_OVERLAP (${env.DOCENT_CHUNK_OVERLAP}) must be smaller than DOCENT_CHUNK_SIZE (${env.DOCENT_CHUNK_SIZE})`]);
  }
  if (env.DOCENT_EMBEDDER === 'openai' && !env.DOCENT_EMBEDDING_MODEL) {
    throw new ConfigError(['DOCENT_EMBEDDING_MODEL is required when DOCENT_EMBEDDER=openai (e.g. text-embedding-3-small or nomic-embed-text)']);
  }
  if (env.DOCENT_LLM === 'openai' && !env.DOCENT_LLM_MODEL) {
    throw new ConfigError(['DOCENT_LLM_MODEL is required when DOCENT_LLM=openai (e.g. gpt-4o-mini or llama3.1)']);
  }
  const dataDir = resolvePath(env.DOCENT_DATA_DIR, cwd);
  return {
    debug: env.DOCENT_DEBUG,
    dataDir,
    databasePath: path.join(dataDir, 'docent.db'),
    passwordsPath: path.join(dataDir, 'passwords.json'),
    watchDir: resolvePath(env.DOCENT_WATCH_DIR, cwd),
    examplesDir: resolvePath(env.DOCENT_EXAMPLES_DIR, cwd),
    port: env.PORT,
    embedder: {
      provider: env.DOCENT_EMBEDDER,
      model: env.DOCENT_EMBEDDING_MODEL,
      dimensions: env.DOCENT_EMBEDDING_DIMENSIONS,
      batchSize: env.DOCENT_EMBED_BATCH_SIZE,
      concurrency: env.DOCENT_EMBED_CONCURRENCY,
      threads: env.DOCENT_EMBED_THREADS,
      webThreads: env.DOCENT_WEB_EMBED_THREADS,
      webBatchSize: env.DOCENT_WEB_EMBED_BATCH_SIZE,
      retries: env.DOCENT_EMBED_RETRIES,
      timeoutMs: env.DOCENT_EMBED_TIMEOUT_S * 1000,
      cache: env.DOCENT_EMBED_CACHE ? { file: resolvePath(env.DOCENT_EMBED_CACHE, cwd), maxBytes: env.DOCENT_EMBED_CACHE_MB * 1024 * 1024 } : null,
    },
    llm: { provider: env.DOCENT_LLM, model: env.DOCENT_LLM_MODEL, timeoutMs: env.DOCENT_LLM_TIMEOUT_S * 1000 },
    answers: {
      passages: env.DOCENT_ANSWER_PASSAGES,
      concurrency: env.DOCENT_ANSWER_CONCURRENCY ?? (env.DOCENT_LLM === 'openai' ? 16 : 2 * os.availableParallelism()),
      paraphrase:
        env.DOCENT_PARAPHRASE_THRESHOLD === undefined
          ? CALIBRATED_PARAPHRASE_MODEL
          : { ...CALIBRATED_PARAPHRASE_MODEL, threshold: env.DOCENT_PARAPHRASE_THRESHOLD },
      confidence: parseConfidenceModel(env.DOCENT_CONFIDENCE_MODEL, env.DOCENT_ANSWER_THRESHOLD),
      // A model of one's own (DOCENT_CONFIDENCE_MODEL) or a moved threshold applies to every language.
      confidenceByLanguage: env.DOCENT_CONFIDENCE_MODEL || env.DOCENT_ANSWER_THRESHOLD !== undefined ? {} : LANGUAGE_CONFIDENCE_MODELS,
      sensitivePatterns: { ...DEFAULT_SENSITIVE_PATTERNS, ...parseSensitivePatterns(env.DOCENT_SENSITIVE_PATTERNS) },
      escalateOutOfScope: env.DOCENT_ESCALATE_OUT_OF_SCOPE,
      spotChecks: { share: env.DOCENT_SPOT_CHECK_SHARE, minPrecision: env.DOCENT_SPOT_CHECK_MIN_PRECISION },
    },
    openai: { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY },
    qdrant: env.QDRANT_URL
      ? {
          url: env.QDRANT_URL,
          apiKey: env.QDRANT_API_KEY,
          alias: env.DOCENT_QDRANT_ALIAS,
          prefix: env.DOCENT_QDRANT_PREFIX,
          shards: env.DOCENT_QDRANT_SHARDS,
          replication: env.DOCENT_QDRANT_REPLICATION,
          timeoutMs: env.DOCENT_QDRANT_TIMEOUT_S * 1000,
        }
      : null,
    /** The backend new generations are built in. */
    // `as const`: without it the inferred Config type widens the backend to string.
    backend: env.QDRANT_URL ? ('qdrant' as const) : ('embedded' as const),
    sessionSecret: env.DOCENT_SESSION_SECRET,
    admin: { email: env.DOCENT_ADMIN_EMAIL, password: env.DOCENT_ADMIN_PASSWORD },
    alertWebhookUrl: env.DOCENT_ALERT_WEBHOOK_URL,
    metricsToken: env.DOCENT_METRICS_TOKEN,
    web: {
      chatRequiresLogin: env.DOCENT_CHAT_REQUIRES_LOGIN,
      sessionTtlSeconds: Math.round(env.DOCENT_SESSION_TTL_H * 3600),
      maxBodyBytes: env.DOCENT_MAX_BODY_KB * 1024,
      loginMaxFailures: env.DOCENT_LOGIN_MAX_FAILURES,
      uploadMaxBytes: Math.round((env.DOCENT_UPLOAD_MAX_MB ?? env.DOCENT_MAX_FILE_MB) * 1024 * 1024),
      publicOrigin: publicOrigin(env),
    },
    api: { ratePerMinute: env.DOCENT_API_RATE_PER_MIN, maxBodyBytes: env.DOCENT_API_MAX_BODY_KB * 1024, key: env.DOCENT_API_KEY },
    /** Sign-in with an OpenID Connect provider; null when DOCENT_OIDC_ISSUER is unset. */
    oidc: oidcSettings(env),
    chunking: { size: env.DOCENT_CHUNK_SIZE, overlap: env.DOCENT_CHUNK_OVERLAP },
    gates: {
      maxFileBytes: Math.round(env.DOCENT_MAX_FILE_MB * 1024 * 1024),
      maxExpandedBytes: Math.round(env.DOCENT_MAX_EXPANDED_MB * 1024 * 1024),
      maxTextChars: env.DOCENT_MAX_TEXT_CHARS,
      minTextChars: env.DOCENT_MIN_TEXT_CHARS,
      garbledMaxBadRatio: env.DOCENT_GARBLED_MAX_BAD_RATIO,
      garbledMinWordRatio: env.DOCENT_GARBLED_MIN_WORD_RATIO,
    },
    extraction: {
      timeoutMs: env.DOCENT_EXTRACT_TIMEOUT_S * 1000,
      workers: env.DOCENT_EXTRACT_WORKERS,
      workerMemoryMb: env.DOCENT_WORKER_MEMORY_MB,
    },
    /** Retire idle worker threads after this long; null keeps them. */
    workerIdleMs: env.DOCENT_WORKER_IDLE_S > 0 ? env.DOCENT_WORKER_IDLE_S * 1000 : null,
    webWorkerIdleMs: env.DOCENT_WEB_WORKER_IDLE_S > 0 ? env.DOCENT_WEB_WORKER_IDLE_S * 1000 : null,
    /** How long ingestion's last embedding thread waits for work (see DOCENT_EMBED_WARM_S). */
    embedderWarmMs: env.DOCENT_EMBED_WARM_S * 1000,
    ocr: {
      enabled: env.DOCENT_OCR,
      languages: env.DOCENT_OCR_LANGUAGES.split('+'),
      workers: env.DOCENT_OCR_WORKERS,
      pageTimeoutMs: env.DOCENT_OCR_PAGE_TIMEOUT_S * 1000,
      minCharsPerPage: env.DOCENT_OCR_MIN_CHARS_PER_PAGE,
      minConfidence: env.DOCENT_OCR_MIN_CONFIDENCE,
      scale: env.DOCENT_OCR_SCALE,
      maxPages: env.DOCENT_OCR_MAX_PAGES,
      confidencePenalty: env.DOCENT_OCR_CONFIDENCE_PENALTY,
      tessdataDirs: env.DOCENT_TESSDATA_DIRS.split(':').filter(Boolean),
      cacheDir: path.join(dataDir, 'ocr-languages'),
    },
    pipeline: {
      documentConcurrency: env.DOCENT_DOCUMENT_CONCURRENCY,
      renameGraceMs: env.DOCENT_RENAME_GRACE_MS,
      watchStabilityMs: env.DOCENT_WATCH_STABILITY_MS,
      watchPollMs: env.DOCENT_WATCH_POLL_MS,
      jobPollMs: env.DOCENT_JOB_POLL_MS,
      jobMaxBackoffMs: env.DOCENT_JOB_MAX_BACKOFF_S * 1000,
    },
    retrieval: {
      fusion: env.DOCENT_FUSION,
      denseWeight: env.DOCENT_HYBRID_DENSE_WEIGHT,
      denseLanguages: denseLanguages(env.DOCENT_DENSE_LANGUAGES ?? (env.DOCENT_EMBEDDER === 'openai' ? 'all' : LOCAL_DENSE_LANGUAGES)),
      rrfK: env.DOCENT_RRF_K,
      candidates: env.DOCENT_RETRIEVAL_CANDIDATES,
      titleWeight: env.DOCENT_BM25_TITLE_WEIGHT,
      headingWeight: env.DOCENT_BM25_HEADING_WEIGHT,
      probes: env.DOCENT_EMBEDDED_PROBES,
      searchThread: env.DOCENT_EMBEDDED_SEARCH_THREAD,
      k1: env.DOCENT_BM25_K1,
      b: env.DOCENT_BM25_B,
    },
    gate: {
      k: env.DOCENT_GATE_K,
      minRecall: env.DOCENT_GATE_MIN_RECALL,
      maxDrop: env.DOCENT_GATE_MAX_DROP,
      evalSetPath: env.DOCENT_EVAL_SET ? path.resolve(cwd, env.DOCENT_EVAL_SET) : path.join(dataDir, 'eval-set.jsonl'),
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** Whether to print stack traces for unexpected errors (DOCENT_DEBUG=1); read before config parses. */
export function isDebug(environment: EnvironmentInput = process.env): boolean {
  return ['1', 'true', 'yes', 'on'].includes((environment.DOCENT_DEBUG ?? '').toLowerCase());
}

/**
 * glibc's malloc keeps what a worker thread freed (an embedding model's buffers, each thread's own)
 * once a few large blocks were freed, so a watcher whose threads retired stayed about 100 MB larger.
 * With a fixed threshold, large blocks are mapped on their own and go back to the system when freed
 * (the idle watcher 260 → 165 MB, bulk ingestion as fast). glibc reads it when a process starts: Docent
 * sets it for the processes it starts, the Docker image for all of them. Other C libraries ignore it.
 */
export const NATIVE_MEMORY_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

/** The environment for a child process of Docent's (the same settings, some replaced). */
export function childEnvironment(overrides: EnvironmentInput = {}): NodeJS.ProcessEnv {
  return { ...NATIVE_MEMORY_ENVIRONMENT, ...process.env, ...overrides };
}

/**
 * The environment for a child that must run on the zero-setup default whatever this shell has
 * configured (benchmarks, browser tests): only what finding programs and temp files needs.
 */
export function defaultsEnvironment(overrides: EnvironmentInput = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'].filter((name) => process.env[name] !== undefined);
  return { ...Object.fromEntries(keep.map((name) => [name, process.env[name]])), ...overrides } as NodeJS.ProcessEnv;
}

/** The npm script this process runs under, if any (recorded with benchmark results). */
export function npmScriptName(environment: EnvironmentInput = process.env): string | null {
  return environment.npm_lifecycle_event ?? null;
}

/** The process configuration with some settings replaced (scripts pointing at a temporary data dir). */
export function configWith(overrides: EnvironmentInput): Config {
  return loadConfig({ ...process.env, ...overrides });
}

let cached: Config | undefined;

/** The process-wide configuration, parsed once on first use. */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CALIBRATED_CONFIDENCE_MODEL } from './answer/calibration';
import { CALIBRATED_PARAPHRASE_MODEL } from './answer/paraphrase-model';
import { DEFAULT_SENSITIVE_PATTERNS } from './answer/sensitive-topics';
import { type ConfidenceModel, SIGNAL_NAMES, type SignalName } from './answer/signals';
import { ConfigError } from './errors';

// The only module that reads process.env. Everything else receives a parsed Config.

const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());
const number = (fallback: number, min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().min(min).max(max).default(fallback));
const integer = (fallback: number, min: number, max: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const flag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => ['1', 'true', 'yes', 'on'].includes(value)),
  );

const environmentSchema = z.object({
  DOCENT_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.docent')),
  DOCENT_WATCH_DIR: z.preprocess(emptyAsUndefined, z.string().default('./knowledge')),
  DOCENT_EXAMPLES_DIR: z.preprocess(emptyAsUndefined, z.string().default('./examples')),
  PORT: integer(3000, 1, 65535),

  DOCENT_EMBEDDER: z.preprocess(emptyAsUndefined, z.enum(['local', 'openai']).default('local')),
  DOCENT_EMBEDDING_MODEL: optionalString,
  DOCENT_EMBEDDING_DIMENSIONS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65536).optional()),
  DOCENT_LLM: z.preprocess(emptyAsUndefined, z.enum(['none', 'openai']).default('none')),
  DOCENT_LLM_MODEL: optionalString,
  DOCENT_LLM_TIMEOUT_S: number(30, 1, 600),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,

  QDRANT_URL: optionalUrl,
  QDRANT_API_KEY: optionalString,
  DOCENT_QDRANT_ALIAS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default('docent'),
  ),
  DOCENT_QDRANT_SHARDS: integer(1, 1, 1024),
  DOCENT_QDRANT_REPLICATION: integer(1, 1, 16),
  DOCENT_QDRANT_TIMEOUT_S: number(30, 1, 3600),

  DOCENT_SESSION_SECRET: optionalString,
  DOCENT_ADMIN_EMAIL: optionalString,
  DOCENT_ADMIN_PASSWORD: optionalString,
  DOCENT_ALERT_WEBHOOK_URL: optionalUrl,
  DOCENT_METRICS_TOKEN: optionalString,
  DOCENT_CHAT_REQUIRES_LOGIN: flag(false),
  DOCENT_SESSION_TTL_H: number(12, 0.1, 24 * 365),
  DOCENT_MAX_BODY_KB: integer(64, 1, 102400),
  DOCENT_LOGIN_MAX_FAILURES: integer(5, 1, 1000),

  // Embedding: batching, concurrency and retries live in one caller (lib/embedder/embedding-scheduler.ts).
  DOCENT_EMBED_BATCH_SIZE: integer(16, 1, 2048),
  DOCENT_EMBED_CONCURRENCY: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 1, 64),
  DOCENT_EMBED_THREADS: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 0, 64),
  // The web server's embedder (questions, and answer sentences for the confidence check): in worker
  // threads so that it never blocks the thread that accepts requests; 0 runs it on that thread
  // (least memory, but requests and health checks wait seconds under load: npm run bench:chat).
  DOCENT_WEB_EMBED_THREADS: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 0, 16),
  DOCENT_EMBED_RETRIES: integer(5, 0, 50),
  DOCENT_EMBED_TIMEOUT_S: number(120, 1, 3600),

  // Chunking and retrieval defaults were tuned on half of SciFact and half of SQuAD and
  // reported on the other halves (docs/benchmarks.md).
  DOCENT_CHUNK_SIZE: integer(1800, 100, 20000),
  DOCENT_CHUNK_OVERLAP: integer(200, 0, 5000),

  // Quality gates.
  DOCENT_MAX_FILE_MB: number(100, 0.001, 100000),
  // What a DOCX (a zip) may expand to when unpacked: the zip-bomb limit.
  DOCENT_MAX_EXPANDED_MB: number(512, 1, 100000),
  DOCENT_MAX_TEXT_CHARS: integer(20_000_000, 1000, 1_000_000_000),
  DOCENT_MIN_TEXT_CHARS: integer(20, 0, 100000),
  DOCENT_GARBLED_MAX_BAD_RATIO: number(0.05, 0, 1),
  DOCENT_GARBLED_MIN_WORD_RATIO: number(0.5, 0, 1),

  // Extraction is sandboxed in worker threads with a time and memory limit per file.
  DOCENT_EXTRACT_TIMEOUT_S: number(120, 1, 86400),
  DOCENT_EXTRACT_WORKERS: integer(1, 1, 16),
  DOCENT_WORKER_MEMORY_MB: integer(1536, 64, 65536),
  // Worker threads (embedder, extraction, OCR) each hold their own copy of a model or parser, most
  // of an idle process's memory: an idle one is retired after this many seconds and started again
  // (under a second) when work comes; 0 keeps them. Ingestion comes in bursts, so its workers go
  // soon; the web server's embedder stays longer, since a question would wait for it to load.
  DOCENT_WORKER_IDLE_S: number(10, 0, 86400),
  DOCENT_WEB_WORKER_IDLE_S: number(300, 0, 86400),

  // OCR for pages without a text layer and for images (tesseract.js, offline). Languages joined by
  // '+', e.g. eng+fra; their data comes from @tesseract.js-data/<lang> or Debian's tesseract-ocr-<lang>.
  // Stack traces of unexpected errors, and each document's ingest stages in the watcher's log.
  DOCENT_DEBUG: flag(false),
  DOCENT_OCR: flag(true),
  DOCENT_OCR_LANGUAGES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z_]{3,8}(\+[a-z_]{3,8})*$/, 'language codes joined by +, e.g. eng+fra')
      .default('eng'),
  ),
  DOCENT_OCR_WORKERS: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 1, 32),
  DOCENT_OCR_PAGE_TIMEOUT_S: number(90, 1, 3600),
  DOCENT_OCR_MIN_CHARS_PER_PAGE: integer(25, 0, 100000),
  DOCENT_OCR_MIN_CONFIDENCE: number(60, 0, 100),
  DOCENT_OCR_SCALE: number(2, 0.5, 6),
  DOCENT_OCR_MAX_PAGES: integer(300, 1, 100000),
  DOCENT_OCR_CONFIDENCE_PENALTY: number(0.85, 0, 1),
  DOCENT_TESSDATA_DIRS: z.preprocess(
    emptyAsUndefined,
    z.string().default('/usr/share/tesseract-ocr/5/tessdata:/usr/share/tesseract-ocr/4.00/tessdata:/usr/share/tessdata'),
  ),

  // Pipeline.
  DOCENT_DOCUMENT_CONCURRENCY: integer(4, 1, 64),
  DOCENT_RENAME_GRACE_MS: integer(1500, 0, 600000),
  DOCENT_WATCH_STABILITY_MS: integer(400, 0, 60000),
  DOCENT_WATCH_POLL_MS: integer(100, 10, 10000),
  DOCENT_JOB_POLL_MS: integer(250, 10, 60000),
  DOCENT_JOB_MAX_BACKOFF_S: number(300, 1, 86400),

  DOCENT_FUSION: z.preprocess(emptyAsUndefined, z.enum(['score', 'rrf']).default('score')),
  DOCENT_HYBRID_DENSE_WEIGHT: number(0.1, 0, 10),
  DOCENT_RRF_K: integer(60, 1, 10000),
  DOCENT_RETRIEVAL_CANDIDATES: integer(100, 10, 10000),
  DOCENT_BM25_TITLE_WEIGHT: number(2, 0, 100),
  DOCENT_BM25_HEADING_WEIGHT: number(1, 0, 100),
  // Qdrant's sparse BM25 is computed by Docent; these match FTS5's fixed bm25() so both backends rank alike.
  DOCENT_BM25_K1: number(1.2, 0, 10),
  DOCENT_BM25_B: number(0.75, 0, 1),

  // Reindex gate: the user's evaluation set must reach this Recall@k, and lose at most this much
  // against the generation serving now.
  DOCENT_GATE_K: integer(5, 1, 100),
  DOCENT_GATE_MIN_RECALL: number(0.8, 0, 1),
  DOCENT_GATE_MAX_DROP: number(0.05, 0, 1),
  DOCENT_EVAL_SET: optionalString,

  // Answers. The confidence model (weights, bias, threshold) is calibrated by `npm run calibrate`;
  // DOCENT_CONFIDENCE_MODEL (JSON) replaces it, DOCENT_ANSWER_THRESHOLD only moves the threshold.
  DOCENT_ANSWER_PASSAGES: integer(6, 1, 50),
  DOCENT_ANSWER_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).optional()),
  DOCENT_CONFIDENCE_MODEL: z.preprocess(emptyAsUndefined, z.string().optional()),
  // Reviewed answers serve a new question, and an open escalation absorbs a repeated one, when the
  // paraphrase matcher scores them at or above this (default: calibrated by `npm run eval:paraphrase`).
  DOCENT_PARAPHRASE_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1).optional()),
  // Extra sensitive topics, JSON {"name": "regex"}: such questions always go to a person.
  DOCENT_SENSITIVE_PATTERNS: z.preprocess(emptyAsUndefined, z.string().optional()),
  // Requests no document could answer by their nature (a joke, the weather) get a polite reply and
  // no review-queue item; 1 sends them to a person as well.
  DOCENT_ESCALATE_OUT_OF_SCOPE: flag(false),
});

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
      retries: env.DOCENT_EMBED_RETRIES,
      timeoutMs: env.DOCENT_EMBED_TIMEOUT_S * 1000,
    },
    llm: { provider: env.DOCENT_LLM, model: env.DOCENT_LLM_MODEL, timeoutMs: env.DOCENT_LLM_TIMEOUT_S * 1000 },
    answers: {
      passages: env.DOCENT_ANSWER_PASSAGES,
      paraphrase:
        env.DOCENT_PARAPHRASE_THRESHOLD === undefined
          ? CALIBRATED_PARAPHRASE_MODEL
          : { ...CALIBRATED_PARAPHRASE_MODEL, threshold: env.DOCENT_PARAPHRASE_THRESHOLD },
      confidence: parseConfidenceModel(env.DOCENT_CONFIDENCE_MODEL, env.DOCENT_ANSWER_THRESHOLD),
      sensitivePatterns: { ...DEFAULT_SENSITIVE_PATTERNS, ...parseSensitivePatterns(env.DOCENT_SENSITIVE_PATTERNS) },
      escalateOutOfScope: env.DOCENT_ESCALATE_OUT_OF_SCOPE,
    },
    openai: { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY },
    qdrant: env.QDRANT_URL
      ? {
          url: env.QDRANT_URL,
          apiKey: env.QDRANT_API_KEY,
          alias: env.DOCENT_QDRANT_ALIAS,
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
    },
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
      rrfK: env.DOCENT_RRF_K,
      candidates: env.DOCENT_RETRIEVAL_CANDIDATES,
      titleWeight: env.DOCENT_BM25_TITLE_WEIGHT,
      headingWeight: env.DOCENT_BM25_HEADING_WEIGHT,
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

/** The environment for a child process of Docent's (the same settings, some replaced). */
export function childEnvironment(overrides: EnvironmentInput = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
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

import os from 'node:os';
import { z } from 'zod';

// The settings Docent reads from the environment, with their defaults and limits: only the schema.
// lib/config.ts parses it once (the only module that reads process.env) and builds the Config.

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

export const environmentSchema = z.object({
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
  // Collections are named <prefix>_<generation id>: installations sharing a server need prefixes of their own.
  DOCENT_QDRANT_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/)
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
  // The address people open Docent at (scheme, host and port), e.g. https://docent.example.com:
  // the redirect URI registered at the sign-in provider is built from it, so a reverse proxy in
  // front does not change it. Unset: the address of each request.
  DOCENT_PUBLIC_URL: optionalUrl,
  // The OpenAI-compatible API (/v1) and the MCP server: requests per minute per API key (a key may
  // set its own), the largest request body (a client sends the whole conversation each time), and
  // the key `npm run mcp` answers as.
  DOCENT_API_RATE_PER_MIN: integer(60, 1, 100000),
  DOCENT_API_MAX_BODY_KB: integer(1024, 1, 102400),
  DOCENT_API_KEY: optionalString,

  // Sign-in with an OpenID Connect provider (Keycloak, Entra ID, Okta, Google); unset issuer = off.
  // lib/config-oidc.ts checks them together.
  DOCENT_OIDC_ISSUER: optionalUrl,
  DOCENT_OIDC_CLIENT_ID: optionalString,
  DOCENT_OIDC_CLIENT_SECRET: optionalString,
  DOCENT_OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(60).default('SSO')),
  DOCENT_OIDC_SCOPES: z.preprocess(emptyAsUndefined, z.string().default('openid email profile')),
  DOCENT_OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(200).default('groups')),
  DOCENT_OIDC_DEFAULT_ROLE: z.preprocess(emptyAsUndefined, z.enum(['asker', 'reviewer']).default('asker')),
  DOCENT_OIDC_ADMIN_GROUPS: optionalString,
  DOCENT_OIDC_REVIEWER_GROUPS: optionalString,

  // Embedding: batching, concurrency and retries live in one caller (lib/embedder/embedding-scheduler.ts).
  DOCENT_EMBED_BATCH_SIZE: integer(16, 1, 2048),
  DOCENT_EMBED_CONCURRENCY: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 1, 64),
  DOCENT_EMBED_THREADS: integer(Math.max(1, Math.min(os.availableParallelism(), 4)), 0, 64),
  // The web server's embedder (questions, and answer sentences for the confidence check): in worker
  // threads so that it never blocks the thread that accepts requests; 0 runs it on that thread
  // (least memory, but requests and health checks wait seconds under load: npm run bench:chat).
  // One core is left to the request thread and the watcher: on two cores a second thread held ~170 MB
  // more under 50 users at 100k chunks for no more throughput. Small batches let a question's own text
  // through between the passages' sentences (one thread, batches of 16: 19 requests/s; of 4: 21.6).
  DOCENT_WEB_EMBED_THREADS: integer(Math.max(1, Math.min(os.availableParallelism() - 1, 4)), 0, 16),
  DOCENT_WEB_EMBED_BATCH_SIZE: integer(4, 1, 2048),
  DOCENT_EMBED_RETRIES: integer(5, 0, 50),
  DOCENT_EMBED_TIMEOUT_S: number(120, 1, 3600),
  // A file that keeps vectors by embedder and text for every index that points at it (lib/embedder/vector-cache.ts):
  // building an index again embeds only what it has not seen. Unset: none (the index reuses its own vectors anyway).
  DOCENT_EMBED_CACHE: optionalString,
  DOCENT_EMBED_CACHE_MB: number(1024, 1, 10_000_000),

  // Chunking and retrieval defaults were tuned on half of SciFact and half of SQuAD and
  // reported on the other halves (docs/benchmarks.md).
  DOCENT_CHUNK_SIZE: integer(1800, 100, 20000),
  DOCENT_CHUNK_OVERLAP: integer(200, 0, 5000),

  // Quality gates.
  DOCENT_MAX_FILE_MB: number(100, 0.001, 100000),
  // The largest file people may add from the chat page; unset: DOCENT_MAX_FILE_MB (a larger one would only be quarantined).
  DOCENT_UPLOAD_MAX_MB: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.001).max(100000).optional()),
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
  // Ingestion keeps one embedding thread this long after its last work (about 150 MB): starting one takes
  // 0.4 s, twice that while the chat keeps both cores busy, and was most of the wait of a file dropped
  // after a quiet spell. Set it to DOCENT_WORKER_IDLE_S or less to retire it with the others.
  DOCENT_EMBED_WARM_S: number(300, 0, 86400),

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
  // Languages (ISO 639-1, comma-separated, or "all") whose questions use the dense side of hybrid
  // search. Default: "en,ro,tr" with the local embedder, which reads English only (measured on
  // XQuAD, it improved the hybrid only there); "all" with an OpenAI-compatible embedder.
  DOCENT_DENSE_LANGUAGES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^(all|[a-z]{2}(,[a-z]{2})*)$/, 'DOCENT_DENSE_LANGUAGES is "all" or ISO 639-1 codes joined by commas, e.g. "en,de"')
      .optional(),
  ),
  DOCENT_RRF_K: integer(60, 1, 10000),
  DOCENT_RETRIEVAL_CANDIDATES: integer(100, 10, 10000),
  DOCENT_BM25_TITLE_WEIGHT: number(2, 0, 100),
  DOCENT_BM25_HEADING_WEIGHT: number(1, 0, 100),
  // IVF lists a dense query scans in the embedded index (lib/vector-index/embedded-ivf.ts).
  DOCENT_EMBEDDED_PROBES: integer(32, 1, 4096),
  // The embedded index's dense search on a thread of its own, beside the keyword search (lib/vector-index/dense-thread.ts).
  DOCENT_EMBEDDED_SEARCH_THREAD: flag(true),
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
  // Questions worked on at once in one process; the others wait their turn (lib/answer/answer-gate.ts).
  // Unset: twice the cores offline (the answer is computed here), 16 with an LLM (it waits on the network).
  DOCENT_ANSWER_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).optional()),
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
  // Spot checks: this share of answered questions goes to its space's owners as "check this answer"
  // (and at least one a week per space with traffic); a space's measured precision below the
  // minimum (once it has enough verdicts) raises an alert.
  DOCENT_SPOT_CHECK_SHARE: number(0.02, 0, 1),
  DOCENT_SPOT_CHECK_MIN_PRECISION: number(0.9, 0, 1),
});

// Typed errors with structured fields. Each carries a stable `code` so callers branch on the
// class rather than on message text, the HTTP status a request failing with it answers with, and
// a message written for the person reading it.

export interface DocentErrorOptions {
  cause?: unknown;
  /** True when retrying the same operation later may succeed (outages, timeouts). */
  transient?: boolean;
  /** The HTTP status; 500 (the default) for Docent's own failures. */
  status?: number;
}

/**
 * Marks Docent's errors across copies of this module: Next.js bundles the web runtime (opened from
 * instrumentation) apart from each route, so an error the runtime throws is not `instanceof` the
 * route's DocentError, and a 404 or 409 would be answered as a 500.
 */
const BRAND = Symbol.for('docent.error');

export class DocentError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly transient: boolean;
  /**
   * The HTTP status of a request that fails with this error. 500 marks Docent's own failures: the
   * route logs them and answers without their message, which may name paths or hosts.
   */
  readonly status: number;
  /** Response headers that go with the status (e.g. retry-after with 429). */
  readonly headers: Record<string, string> = {};

  constructor(code: string, message: string, options: DocentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.transient = options.transient ?? false;
    this.status = options.status ?? 500;
  }

  static isInstance(error: unknown): error is DocentError {
    return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
  }
}

// The client's mistakes, by status. The code names the case for the client ("review_conflict",
// "invalid_document_id"); the class decides the status.

/** The request is malformed or asks for something that cannot be done as asked (400). */
export class InvalidRequestError extends DocentError {
  constructor(code: string, message: string) {
    super(code, message, { status: 400 });
  }
}

/** One field of the request holds a value that cannot be used (400); `param` names it, as OpenAI's API does (`messages[2].content`). */
export class InvalidParameterError extends InvalidRequestError {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super('invalid_value', message);
  }
}

/** Nobody is signed in, or the credentials do not match (401). */
export class UnauthenticatedError extends DocentError {
  constructor(code: string, message: string) {
    super(code, message, { status: 401 });
  }
}

/** Signed in, but not allowed to do this (403). */
export class ForbiddenError extends DocentError {
  constructor(code: string, message: string) {
    super(code, message, { status: 403 });
  }
}

/** What the request names does not exist (404). */
export class NotFoundError extends DocentError {
  constructor(code: string, message: string) {
    super(code, message, { status: 404 });
  }
}

/** The model a request names does not exist, or the caller may not use it (404, OpenAI's `model_not_found`). */
export class ModelNotFoundError extends NotFoundError {
  readonly param = 'model';
  constructor(readonly model: string) {
    super('model_not_found', `The model "${model.slice(0, 200)}" does not exist or this key may not use it; GET /v1/models lists the ones it may.`);
  }
}

/** The request conflicts with the current state: already done, already running (409). */
export class ConflictError extends DocentError {
  constructor(code: string, message: string) {
    super(code, message, { status: 409 });
  }
}

/** The request body is larger than the limit (413). */
export class PayloadTooLargeError extends DocentError {
  constructor(message: string) {
    super('body_too_large', message, { status: 413 });
  }
}

/** The request body is not JSON (415). */
export class UnsupportedMediaTypeError extends DocentError {
  constructor(message: string) {
    super('unsupported_media_type', message, { status: 415 });
  }
}

/** A file of a type Docent does not read (415). */
export class UnsupportedFileTypeError extends DocentError {
  constructor(message: string) {
    super('unsupported_file_type', message, { status: 415 });
  }
}

/** Too many attempts; the client may try again after `retryAfterSeconds` (429). */
export class TooManyRequestsError extends DocentError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, { status: 429 });
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

export class ConfigError extends DocentError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('config_invalid', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

export class StorageError extends DocentError {
  readonly path: string;
  constructor(path: string, message: string, cause?: unknown) {
    super('storage_failed', message, { cause });
    this.path = path;
  }
}

export class EmbedderError extends DocentError {
  readonly provider: string;
  readonly model: string;
  constructor(provider: string, model: string, message: string, options: Pick<DocentErrorOptions, 'cause' | 'transient'> = {}) {
    super('embedder_failed', message, { transient: true, ...options });
    this.provider = provider;
    this.model = model;
  }
}

export class EmbedderMismatchError extends DocentError {
  readonly recorded: string;
  readonly configured: string;
  constructor(recorded: string, configured: string) {
    super(
      'embedder_mismatch',
      `The index was built with embedder ${recorded} but ${configured} is configured. ` +
        `Docent keeps using ${recorded} for queries and new documents so vectors are never mixed; ` +
        `run \`npm run reindex\` to rebuild the index with ${configured}.`,
      { status: 409 },
    );
    this.recorded = recorded;
    this.configured = configured;
  }
}

export class IndexUnavailableError extends DocentError {
  readonly backend: string;
  readonly target: string;
  constructor(backend: string, target: string, message: string, cause?: unknown) {
    super('index_unavailable', message, { cause, transient: true, status: 503 });
    this.backend = backend;
    this.target = target;
  }
}

export class PipelineLockedError extends DocentError {
  readonly ownerPid: number;
  constructor(ownerPid: number, dataDir: string) {
    super('pipeline_locked', `Another Docent ingestion process (pid ${ownerPid}) is running on ${dataDir}.`, { status: 409 });
    this.ownerPid = ownerPid;
  }
}

/**
 * An upload that could not be written: the client went away (400), the disk is full or read-only
 * (507, the user's to fix), or another failure (500). Nothing of it is left on disk.
 */
export class UploadFailedError extends DocentError {
  constructor(code: 'upload_aborted' | 'upload_storage' | 'upload_failed', message: string, cause?: unknown) {
    super(code, message, { cause, status: code === 'upload_aborted' ? 400 : code === 'upload_storage' ? 507 : 500 });
  }
}

export class UsageError extends DocentError {
  constructor(message: string) {
    super('usage', message);
  }
}

const STORAGE_PROBLEMS: [RegExp, string][] = [
  [/^(SQLITE_FULL|ENOSPC)/, 'the disk holding the data directory is full'],
  [/^(SQLITE_READONLY|EROFS)/, 'the data directory is read-only'],
  [/^(SQLITE_BUSY|SQLITE_LOCKED)/, 'the database is busy'],
  [/^(SQLITE_IOERR|EIO)/, 'the disk reported an I/O error'],
];

/** True for failures of the disk or the database (full, read-only, busy): the user's to fix, or to wait out. */
export function isStorageProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_PROBLEMS.some(([pattern]) => pattern.test(code));
}

/** A one-line, human-readable description of any thrown value, without a stack trace. */
export function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const storage = typeof code === 'string' ? STORAGE_PROBLEMS.find(([pattern]) => pattern.test(code)) : undefined;
  if (storage && error instanceof Error && !DocentError.isInstance(error)) {
    const text = storage[1];
    return `${text[0]!.toUpperCase()}${text.slice(1)} (${error.message}).`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

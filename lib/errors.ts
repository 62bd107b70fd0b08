// Typed errors with structured fields. Each carries a stable `code` so callers branch on
// codes rather than on message text, and a message written for the person reading it.

export class DocentError extends Error {
  readonly code: string;
  /** True when retrying the same operation later may succeed (outages, timeouts). */
  readonly transient: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; transient?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.transient = options.transient ?? false;
  }

  static isInstance(error: unknown): error is DocentError {
    return error instanceof DocentError;
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
  constructor(provider: string, model: string, message: string, options: { cause?: unknown; transient?: boolean } = {}) {
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
    );
    this.recorded = recorded;
    this.configured = configured;
  }
}

export class IndexUnavailableError extends DocentError {
  readonly backend: string;
  readonly target: string;
  constructor(backend: string, target: string, message: string, cause?: unknown) {
    super('index_unavailable', message, { cause, transient: true });
    this.backend = backend;
    this.target = target;
  }
}

export class PipelineLockedError extends DocentError {
  readonly ownerPid: number;
  constructor(ownerPid: number, dataDir: string) {
    super('pipeline_locked', `Another Docent ingestion process (pid ${ownerPid}) is running on ${dataDir}.`);
    this.ownerPid = ownerPid;
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

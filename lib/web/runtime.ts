import { describeError } from '../errors';
import { Assistant } from '../answer/assistant';
import { DocentApi } from '../api/docent-api';
import { FailureLimiter } from '../auth/rate-limit';
import { sessionSecret } from '../auth/session-secret';
import { UserStore, ensureFirstAdmin } from '../auth/users';
import { type Config, getConfig } from '../config';
import { openServices, type Services } from '../services';
import { DocentMetrics } from './metrics';

/** Everything the web app's route handlers use, created once per server process. */
export interface WebRuntime {
  config: Config;
  services: Services;
  assistant: Assistant;
  /** The OpenAI-compatible API and the MCP server (API keys, answers as the key's user). */
  api: DocentApi;
  users: UserStore;
  session: { secret: string; ttlSeconds: number };
  loginLimiter: FailureLimiter;
  metrics: DocentMetrics;
  log: (message: string) => void;
}

const GLOBAL_KEY = Symbol.for('docent.web.runtime');
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Promise<WebRuntime> };

export async function createRuntime(
  config: Config = getConfig(),
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): Promise<WebRuntime> {
  // Embedding is most of an answer's CPU time; on the request thread it blocks every other request
  // (health checks included) for seconds under load, so it runs in worker threads (bench:chat).
  const services = await openServices(config, {
    embedThreads: config.embedder.webThreads,
    embedIdleMs: config.webWorkerIdleMs,
    embedBatchSize: config.embedder.webBatchSize,
  });
  const users = new UserStore(services.db);
  ensureFirstAdmin(users, config.admin, log);
  const assistant = new Assistant(services, { log });
  return {
    config,
    services,
    assistant,
    api: new DocentApi(assistant),
    users,
    session: { secret: sessionSecret(config), ttlSeconds: config.web.sessionTtlSeconds },
    loginLimiter: new FailureLimiter(config.web.loginMaxFailures),
    metrics: new DocentMetrics(
      () => services,
      () => assistant.waitingQuestions,
    ),
    log,
  };
}

/**
 * Opens the runtime when the server starts (instrumentation.ts): the database and the index, so that the first
 * request does not wait for them. The embedding model is not loaded here: each thread holds its own copy (about
 * 200 MB) and retires when idle (DOCENT_WEB_WORKER_IDLE_S), so a server nobody asks would hold it for nothing. It
 * loads when someone is about to ask (`Assistant.prepare`, called as the question box gets focus) or with the first
 * question.
 */
export async function openWebRuntimeAtStart(): Promise<void> {
  try {
    const runtime = await webRuntime();
    runtime.log('Web runtime ready.');
  } catch (error) {
    // The first request retries and reports it to the user; the server still starts.
    process.stderr.write(`docent: the web runtime could not be opened at start: ${describeError(error)}\n`);
  }
}

/** Installs a runtime built elsewhere (tests build one on a temporary data directory). */
export function installWebRuntime(runtime: Promise<WebRuntime> | null): void {
  const holder = globalThis as GlobalWithRuntime;
  if (runtime) holder[GLOBAL_KEY] = runtime;
  else delete holder[GLOBAL_KEY];
}

/** The process-wide runtime; kept on globalThis so development reloads reuse one database handle. */
export function webRuntime(): Promise<WebRuntime> {
  const holder = globalThis as GlobalWithRuntime;
  holder[GLOBAL_KEY] ??= createRuntime().catch((error: unknown) => {
    delete holder[GLOBAL_KEY];
    throw error;
  });
  return holder[GLOBAL_KEY];
}

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
  const services = await openServices(config, { embedThreads: config.embedder.webThreads, embedIdleMs: config.webWorkerIdleMs });
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
    metrics: new DocentMetrics(() => services),
    log,
  };
}

/**
 * Opens the runtime when the server starts (instrumentation.ts) and runs the local embedder over
 * one full batch, so the first question after a start does not wait for the model to load and
 * compile (about 1.5 s here). One worker, not all: each holds its own copy of the model, and the
 * others start only when questions arrive at once (then retire when idle, DOCENT_WEB_WORKER_IDLE_S).
 */
export async function warmUpWebRuntime(): Promise<void> {
  let runtime: WebRuntime;
  try {
    runtime = await webRuntime();
  } catch (error) {
    // The first request retries and reports it to the user; the server still starts.
    process.stderr.write(`docent: the web runtime could not be opened at start: ${describeError(error)}\n`);
    return;
  }
  if (runtime.services.index.identity.provider !== 'local') return;
  const texts = Array.from(
    { length: runtime.config.embedder.batchSize },
    (_, index) => `Warm-up question ${index}: how many vacation days, which gloves in the kiln area, who approves travel expenses?`,
  );
  const started = performance.now();
  // Straight to the embedder: the scheduler would share a batch among idle workers and so start them all.
  await runtime.services.scheduler.embedder.embed(texts).then(
    () => runtime.log(`Web runtime ready (embedder warmed up in ${((performance.now() - started) / 1000).toFixed(1)} s).`),
    (error: unknown) => runtime.log(`docent: warming up the embedder failed: ${describeError(error)}`),
  );
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

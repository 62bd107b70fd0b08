import { Assistant } from '../answer/assistant';
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
  users: UserStore;
  session: { secret: string; ttlSeconds: number };
  loginLimiter: FailureLimiter;
  metrics: DocentMetrics;
  log: (message: string) => void;
}

const GLOBAL_KEY = Symbol.for('docent.web.runtime');
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Promise<WebRuntime> };

export async function createRuntime(config: Config = getConfig(), log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): Promise<WebRuntime> {
  // One short query at a time: the embedder runs on this thread, no worker pool in the web server.
  const services = await openServices(config, { embedThreads: 0 });
  const users = new UserStore(services.db);
  ensureFirstAdmin(users, config.admin, log);
  return {
    config,
    services,
    assistant: new Assistant(services, { log }),
    users,
    session: { secret: sessionSecret(config), ttlSeconds: config.web.sessionTtlSeconds },
    loginLimiter: new FailureLimiter(config.web.loginMaxFailures),
    metrics: new DocentMetrics(() => services),
    log,
  };
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

import { expect } from 'vitest';
import * as login from '@/app/api/auth/login/route';
import type { Config } from '@/lib/config';
import { type WebRuntime, createRuntime, installWebRuntime } from '@/lib/web/runtime';

// Calls Next.js route handlers the way Next.js does, against a runtime installed for them.

export type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteOptions {
  method?: string;
  /** Sent as JSON (with content-type application/json unless `headers` names one). */
  body?: unknown;
  /** Sent as it is, in place of `body`. */
  raw?: string;
  cookie?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls `handler` with a request for `url` on localhost: GET without a body, POST with one, unless `method` says otherwise. */
export function callRoute(handler: Handler, url: string, options: RouteOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  return handler(new Request(`http://localhost${url}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
}

/** Signs in with the password login route and returns the session cookie as a Cookie header carries it (name=value). */
export async function signIn(email: string, password: string): Promise<string> {
  const response = await callRoute(login.POST, '/api/auth/login', { body: { email, password } });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!;
  expect(cookie).toMatch(/docent_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
  return cookie.split(';')[0]!;
}

/** Creates the web runtime for `config` and installs it for the route handlers; `close` uninstalls and closes it. */
export async function startWebRuntime(
  config: Config,
  log: (message: string) => void = () => undefined,
): Promise<{ runtime: WebRuntime; close: () => Promise<void> }> {
  const runtime = await createRuntime(config, log);
  installWebRuntime(Promise.resolve(runtime));
  return {
    runtime,
    close: async () => {
      installWebRuntime(null);
      runtime.assistant.close();
      await runtime.services.close();
    },
  };
}

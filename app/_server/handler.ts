import 'server-only';
import { SESSION_COOKIE, hasRole, openSession } from '@/lib/auth/session';
import type { Role, User } from '@/lib/auth/users';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { ANONYMOUS, type Viewer, personViewer } from '@/lib/spaces/principals';
import { BROWSER_COOKIE, withBrowser } from '@/lib/web/browser-key';
import { toResponse } from '@/lib/web/http';
import { type WebRuntime, webRuntime } from '@/lib/web/runtime';

export interface HandlerContext {
  runtime: WebRuntime;
  user: User | null;
  /** Who asks, for what they may read (lib/spaces): the signed-in user, or anonymous, with their browser's key. */
  viewer: Viewer;
  /** Set-Cookie for a browser that had no token yet: a route that starts a conversation sends it. */
  browserCookie: string | null;
}

/** One cookie of a request (route handlers read it from the header: no framework context needed). */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The signed-in user of a request, if any (a tampered, expired or revoked cookie counts as none). */
export function requestUser(runtime: WebRuntime, request: Request): Promise<User | null> {
  return openSession(readCookie(request.headers.get('cookie'), SESSION_COOKIE), runtime.session, runtime.users);
}

/**
 * Wraps a route handler: resolves the runtime and the session, enforces access, and turns any
 * error into a JSON response (4xx for the client's mistakes, 500 without details otherwise).
 */
export function route<P = Record<string, string>>(
  access: Role | 'public' | 'chat',
  handler: (request: Request, context: HandlerContext & { params: P }) => Promise<Response>,
) {
  return async (request: Request, routeContext?: { params: Promise<P> }): Promise<Response> => {
    let runtime: WebRuntime | null = null;
    try {
      runtime = await webRuntime();
      const user = await requestUser(runtime, request);
      const role = access === 'public' || access === 'chat' ? null : access;
      const needsLogin = role !== null || (access === 'chat' && runtime.config.web.chatRequiresLogin);
      if (needsLogin && !user) throw new UnauthenticatedError('unauthenticated', 'Sign in to do this.');
      if (role && !hasRole(user, role)) throw new ForbiddenError('forbidden', `This needs the ${role} role.`);
      const params = ((await routeContext?.params) ?? {}) as P;
      const { viewer, setCookie } = withBrowser(user ? personViewer(user) : ANONYMOUS, readCookie(request.headers.get('cookie'), BROWSER_COOKIE), request);
      return await handler(request, { runtime, user, viewer, browserCookie: setCookie, params });
    } catch (error) {
      return toResponse(error, runtime?.log);
    }
  };
}

import crypto from 'node:crypto';
import { cookieHeader } from '../auth/session';
import { sha256Hex } from '../ids';
import type { Viewer } from '../spaces/principals';

/** The cookie that tells one browser from another, so an anonymous conversation opens only where it was started. */
export const BROWSER_COOKIE = 'docent_browser';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const ONE_YEAR = 365 * 24 * 3600;

/** The key a conversation stores: a hash, so the database alone cannot open anyone's conversations. */
export function browserKey(token: string | undefined): string | undefined {
  return token && TOKEN.test(token) ? sha256Hex('docent-browser', token) : undefined;
}

/**
 * The viewer with their browser's key, and the Set-Cookie header to send when this browser has no
 * token yet (its first question starts a conversation that must be its own).
 */
export function withBrowser(viewer: Viewer, token: string | undefined, request: Request): { viewer: Viewer; setCookie: string | null } {
  if (viewer.kind === 'system') return { viewer, setCookie: null };
  const known = browserKey(token);
  if (known) return { viewer: { ...viewer, browser: known }, setCookie: null };
  const fresh = crypto.randomBytes(32).toString('base64url');
  return { viewer: { ...viewer, browser: browserKey(fresh) }, setCookie: cookieHeader(BROWSER_COOKIE, fresh, { path: '/', maxAge: ONE_YEAR }, request) };
}

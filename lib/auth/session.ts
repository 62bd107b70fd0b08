import { sealData, unsealData } from 'iron-session';
import { ROLES, type Role, type User, type UserStore } from './users';

export const SESSION_COOKIE = 'docent_session';

/** The protocol the browser used: a proxy's first forwarded one, else the request's ("https" or "http"). */
export function requestProtocol(request: Request): string {
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || new URL(request.url).protocol.replace(':', '');
}

/** A Set-Cookie value Docent sends: httpOnly, SameSite=Lax, Secure behind HTTPS (an empty value with max-age 0 removes it). */
export function cookieHeader(name: string, value: string, options: { path: string; maxAge: number }, request: Request): string {
  const secure = requestProtocol(request) === 'https' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=${options.path}; HttpOnly; SameSite=Lax; Max-Age=${options.maxAge}${secure}`;
}

/** The Set-Cookie value of a session (an empty value with max-age 0 signs out). */
export function sessionCookie(value: string, maxAge: number, request: Request): string {
  return cookieHeader(SESSION_COOKIE, value, { path: '/', maxAge }, request);
}

interface SessionData {
  userId: string;
  /** Changing a password or role bumps the user's version, which ends older sessions. */
  version: number;
}

export interface SessionSettings {
  secret: string;
  ttlSeconds: number;
}

/** A sealed (encrypted and signed, by iron-session) session for the cookie. */
export function sealSession(user: User, settings: SessionSettings): Promise<string> {
  return sealData({ userId: user.id, version: user.sessionVersion } satisfies SessionData, { password: settings.secret, ttl: settings.ttlSeconds });
}

/** The user behind a cookie value, or null for a missing, tampered, expired or revoked session. */
export async function openSession(cookie: string | undefined, settings: SessionSettings, users: UserStore): Promise<User | null> {
  if (!cookie) return null;
  let data: Partial<SessionData>;
  try {
    data = await unsealData<SessionData>(cookie, { password: settings.secret, ttl: settings.ttlSeconds });
  } catch {
    return null;
  }
  if (!data.userId) return null;
  const user = users.get(data.userId);
  return user && user.sessionVersion === data.version ? user : null;
}

/** Whether the user has the role or a higher one (ROLES is in that order: asker < reviewer < admin). */
export function hasRole(user: User | null, role: Role): boolean {
  if (!user) return false;
  return ROLES.indexOf(user.role) >= ROLES.indexOf(role);
}

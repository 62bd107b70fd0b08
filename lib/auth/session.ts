import { sealData, unsealData } from 'iron-session';
import type { Role, User, UserStore } from './users';

export const SESSION_COOKIE = 'docent_session';

/** The Set-Cookie value of a session (an empty value with max-age 0 signs out); Secure behind HTTPS. */
export function sessionCookie(value: string, maxAge: number, request: Request): string {
  const secure = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
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

const RANK: Record<Role, number> = { asker: 0, reviewer: 1, admin: 2 };

/** Whether the user has the role or a higher one (asker < reviewer < admin). */
export function hasRole(user: User | null, role: Role): boolean {
  if (!user) return false;
  return RANK[user.role] >= RANK[role];
}

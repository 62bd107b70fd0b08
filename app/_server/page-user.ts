import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, hasRole, openSession } from '@/lib/auth/session';
import type { Role, User } from '@/lib/auth/users';
import { webRuntime } from '@/lib/web/runtime';

/** For server-rendered pages: the signed-in user with `role`, or a redirect to the login page. */
export async function requirePageUser(role: Role, next: string): Promise<User> {
  // Reading the cookies first marks the page dynamic, so a build never opens the data directory.
  const jar = await cookies();
  const runtime = await webRuntime();
  const user = await openSession(jar.get(SESSION_COOKIE)?.value, runtime.session, runtime.users);
  if (!user) redirect(`/login?next=${encodeURIComponent(next)}`);
  if (!hasRole(user, role)) redirect(`/login?next=${encodeURIComponent(next)}&denied=1`);
  return user;
}

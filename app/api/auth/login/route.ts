import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { sealSession, sessionCookie } from '@/lib/auth/session';
import { TooManyRequestsError, UnauthenticatedError } from '@/lib/errors';
import { clientAddress, readJson } from '@/lib/web/http';

const credentials = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) }).strict();

/** POST /api/auth/login: a signed, httpOnly session cookie; failures are rate-limited per address and account. */
export const POST = route('public', async (request, { runtime }) => {
  const body = await readJson(request, credentials, runtime.config.web.maxBodyBytes);
  const keys = [`ip:${clientAddress(request)}`, `user:${body.email.toLowerCase()}`];
  const wait = runtime.loginLimiter.retryAfter(keys);
  if (wait > 0) throw new TooManyRequestsError('too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  const user = runtime.users.verify(body.email, body.password);
  if (!user) {
    runtime.loginLimiter.fail(keys);
    throw new UnauthenticatedError('invalid_credentials', 'That email and password do not match an account.');
  }
  runtime.loginLimiter.succeed(keys);
  const sealed = await sealSession(user, runtime.session);
  return Response.json({ email: user.email, role: user.role }, { headers: { 'set-cookie': sessionCookie(sealed, runtime.session.ttlSeconds, request) } });
});

import type { SignInFailure } from '@/lib/auth/oidc';
import type { Config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';

/** The OIDC settings, or a 404 that says how to turn sign-in with a provider on. */
export function oidcSettingsOf(config: Config) {
  if (!config.oidc) throw new NotFoundError('oidc_off', 'Sign-in with OpenID Connect is not configured: set DOCENT_OIDC_ISSUER and DOCENT_OIDC_CLIENT_ID.');
  return config.oidc;
}

/** A 303 to `location` (relative, so a reverse proxy's address stays) that sets these cookies and is never cached. */
export function seeOther(location: string, ...cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** Back to the login page, which explains the reason. */
export function loginWithError(reason: SignInFailure, ...cookies: string[]): Response {
  return seeOther(`/login?error=${reason}`, ...cookies);
}

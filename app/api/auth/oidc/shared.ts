import type { SignInFailure } from '@/lib/auth/oidc';
import type { Config } from '@/lib/config';
import { NotFoundError } from '@/lib/errors';

/** The OIDC settings, or a 404 that says how to turn sign-in with a provider on. */
export function oidcSettingsOf(config: Config) {
  if (!config.oidc) throw new NotFoundError('oidc_off', 'Sign-in with OpenID Connect is not configured: set DOCENT_OIDC_ISSUER and DOCENT_OIDC_CLIENT_ID.');
  return config.oidc;
}

/** Back to the login page, which explains the reason; a relative Location, so a reverse proxy's address stays. */
export function loginWithError(reason: SignInFailure, setCookie?: string): Response {
  const headers = new Headers({ location: `/login?error=${reason}`, 'cache-control': 'no-store' });
  if (setCookie) headers.append('set-cookie', setCookie);
  return new Response(null, { status: 303, headers });
}

import { readCookie, route } from '@/app/_server/handler';
import { OIDC_COOKIE, OidcSignInError, OidcUnavailableError, describeFailure, finishSignIn, flowCookie } from '@/lib/auth/oidc';
import { sealSession, sessionCookie } from '@/lib/auth/session';
import { loginWithError, oidcSettingsOf, seeOther } from '../shared';

export const dynamic = 'force-dynamic';

/**
 * GET /api/auth/oidc/callback: where the provider sends the person back. Success sets the session
 * cookie (as the password login does) and opens the path the sign-in started for; any failure goes
 * to /login?error=<reason>, with the details in the server log.
 */
export const GET = route('public', async (request, { runtime }) => {
  const settings = oidcSettingsOf(runtime.config);
  // The flow cookie serves one callback, whatever its outcome.
  const spent = flowCookie('', 0, request);
  try {
    const { user, next, skippedGroups } = await finishSignIn({
      settings,
      secret: runtime.session.secret,
      users: runtime.users,
      callbackUrl: request.url,
      flowCookie: readCookie(request.headers.get('cookie'), OIDC_COOKIE),
    });
    if (skippedGroups.length > 0) {
      runtime.log(`docent: sign-in with ${settings.name}: ${user.email}'s groups ${skippedGroups.join(', ')} are not valid group names and were left out.`);
    }
    return seeOther(next, sessionCookie(await sealSession(user, runtime.session), runtime.session.ttlSeconds, request), spent);
  } catch (error) {
    if (!(error instanceof OidcSignInError || error instanceof OidcUnavailableError)) throw error;
    runtime.log(`docent: sign-in with ${settings.name} failed: ${describeFailure(error)}`);
    return loginWithError(error.reason, spent);
  }
});

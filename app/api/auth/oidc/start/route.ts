import { route } from '@/app/_server/handler';
import { OIDC_FLOW_SECONDS, OidcUnavailableError, describeFailure, flowCookie, redirectUri, startSignIn } from '@/lib/auth/oidc';
import { loginWithError, oidcSettingsOf } from '../shared';

export const dynamic = 'force-dynamic';

/** GET /api/auth/oidc/start[?next=/path]: to the provider's sign-in page; 404 when OIDC is not configured. */
export const GET = route('public', async (request, { runtime }) => {
  const settings = oidcSettingsOf(runtime.config);
  try {
    const { url, flow } = await startSignIn(settings, runtime.session.secret, {
      redirectUri: redirectUri(runtime.config.web.publicOrigin, request),
      next: new URL(request.url).searchParams.get('next') ?? '/',
    });
    return new Response(null, {
      status: 302,
      headers: { location: url.href, 'set-cookie': flowCookie(flow, OIDC_FLOW_SECONDS, request), 'cache-control': 'no-store' },
    });
  } catch (error) {
    if (!(error instanceof OidcUnavailableError)) throw error;
    runtime.log(`docent: sign-in with ${settings.name}: ${describeFailure(error)}`);
    // Someone who clicked the sign-in button gets the login page with the reason, not a JSON body.
    if ((request.headers.get('accept') ?? '').includes('text/html')) return loginWithError(error.reason);
    throw error;
  }
});

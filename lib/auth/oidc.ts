import { sealData, unsealData } from 'iron-session';
import * as client from 'openid-client';
import type { OidcSettings } from '../config-oidc';
import { DocentError } from '../errors';
import { localPath } from '../web/local-path';
import { cookieHeader, requestProtocol } from './session';
import { type Claims, claimAt, signInProfile } from './oidc-claims';
import type { User, UserStore } from './users';

// Sign-in with an OpenID Connect provider: the authorization-code flow with PKCE (S256), state and
// nonce, through openid-client. What the callback must check travels in a short-lived sealed cookie.

export const OIDC_COOKIE = 'docent_oidc';
const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
/** How long a person may take at the provider's sign-in page. */
export const OIDC_FLOW_SECONDS = 600;
// Discovery and token requests wait this long for the provider, not openid-client's 30 s.
const PROVIDER_TIMEOUT_SECONDS = 10;

/** Why a sign-in did not finish, for the login page (`/login?error=<reason>`). */
export type SignInFailure = 'sso_unavailable' | 'sso_expired' | 'sso_denied' | 'sso_email' | 'sso_failed';

/** The provider could not be reached or did not answer as a provider should (503; the cause goes to the log). */
export class OidcUnavailableError extends DocentError {
  readonly reason = 'sso_unavailable' satisfies SignInFailure;
  constructor(issuer: string, cause: unknown) {
    super('oidc_unavailable', `The sign-in provider ${issuer} could not be reached; try again in a moment.`, { cause, transient: true, status: 503 });
  }
}

/** A sign-in that cannot finish: expired, refused by the provider, without a verified email, or failing a check. */
export class OidcSignInError extends DocentError {
  constructor(
    readonly reason: Exclude<SignInFailure, 'sso_unavailable'>,
    message: string,
    cause?: unknown,
  ) {
    super(reason, message, { status: 400, cause });
  }
}

/** What the callback needs to check the provider's answer, sealed into OIDC_COOKIE at the start. */
interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
  next: string;
}

const discovered = new Map<string, Promise<client.Configuration>>();

/**
 * The provider's metadata and keys, discovered once per process. A failed discovery is not kept:
 * the next sign-in tries again, so a provider that was down at start-up does not need a restart.
 */
function providerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret ?? null]);
  let configuration = discovered.get(key);
  if (!configuration) {
    const authentication = settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None();
    configuration = client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, authentication, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: settings.insecure ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered.delete(key);
        throw new OidcUnavailableError(settings.issuer, error);
      });
    discovered.set(key, configuration);
  }
  return configuration;
}

/** The redirect URI to register at the provider: DOCENT_PUBLIC_URL's origin, else the request's. */
export function redirectUri(publicOrigin: string | null, request: Request): string {
  return new URL(OIDC_CALLBACK_PATH, publicOrigin ?? requestOrigin(request)).href;
}

/**
 * The origin the browser used: its Host header (or a proxy's forwarded one), since the server's own
 * request URL may name another host (127.0.0.1 for localhost) and the flow cookie would not come
 * back to it. A forged Host only breaks the forger's own sign-in: the provider accepts registered
 * redirect URIs only.
 */
export function requestOrigin(request: Request): string {
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || new URL(request.url).host;
  return `${requestProtocol(request)}://${host}`;
}

/** The Set-Cookie value of the flow cookie: Lax (it must come back on the provider's redirect), only for these routes. */
export function flowCookie(value: string, maxAge: number, request: Request): string {
  return cookieHeader(OIDC_COOKIE, value, { path: '/api/auth/oidc', maxAge }, request);
}

/** The provider's authorization URL for a new sign-in, and the sealed flow for OIDC_COOKIE. */
export async function startSignIn(settings: OidcSettings, secret: string, options: { redirectUri: string; next: string }): Promise<{ url: URL; flow: string }> {
  const configuration = await providerConfiguration(settings);
  const flow: Flow = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    redirectUri: options.redirectUri,
    next: localPath(options.next, '/'),
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: flow.redirectUri,
    scope: settings.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow: await sealData(flow, { password: secret, ttl: OIDC_FLOW_SECONDS }) };
}

async function openFlow(sealed: string | undefined, secret: string): Promise<Flow> {
  let flow: Partial<Flow> = {};
  try {
    if (sealed) flow = await unsealData<Flow>(sealed, { password: secret, ttl: OIDC_FLOW_SECONDS });
  } catch {
    // Tampered or sealed with another secret: as good as missing.
  }
  if (!flow.verifier || !flow.state || !flow.nonce || !flow.redirectUri) {
    throw new OidcSignInError('sso_expired', 'The sign-in cookie is missing or expired (more than 10 minutes at the provider, or started in another browser).');
  }
  return flow as Flow;
}

const reachedNoProvider = (error: unknown): boolean => {
  if (error instanceof TypeError && error.message === 'fetch failed') return true;
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  if (error instanceof client.ClientError) {
    const status = error.cause instanceof Response ? error.cause.status : 0;
    return error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT' || status >= 500;
  }
  return false;
};

function failure(error: unknown, settings: OidcSettings): DocentError {
  if (DocentError.isInstance(error)) return error;
  if (error instanceof client.AuthorizationResponseError) {
    // The provider sent the person back with an error instead of a code: access_denied when they cancelled.
    const detail = `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
    return new OidcSignInError(error.error === 'access_denied' ? 'sso_denied' : 'sso_failed', `The provider refused the sign-in (${detail}).`, error);
  }
  if (reachedNoProvider(error)) return new OidcUnavailableError(settings.issuer, error);
  return new OidcSignInError('sso_failed', 'The provider’s answer failed a check (state, code exchange, ID token, nonce or userinfo).', error);
}

/** The ID token's claims, completed from the userinfo endpoint when they lack the email or the groups claim. */
async function personClaims(
  configuration: client.Configuration,
  settings: OidcSettings,
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
): Promise<Claims> {
  const idToken = tokens.claims();
  if (!idToken) throw new OidcSignInError('sso_failed', 'The provider returned no ID token.');
  const lacksGroups = settings.groupsClaim !== null && claimAt(idToken, settings.groupsClaim) === undefined;
  if ((typeof idToken.email === 'string' && !lacksGroups) || !configuration.serverMetadata().userinfo_endpoint) return idToken;
  // Some providers (oidc-provider by default, Okta for some claims) put scope claims only in userinfo.
  const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
  return { ...userinfo, ...idToken };
}

/** An error and its causes on one line, for the log: what the provider or the network actually said. */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    // openid-client gives the provider's HTTP response as the cause of an unexpected answer.
    const text =
      current instanceof Error ? current.message : current instanceof Response ? `HTTP ${current.status}` : (JSON.stringify(current) ?? typeof current);
    // Error bodies and claim comparisons are useful; a whole document is not.
    const message = (text.length > 300 ? `${text.slice(0, 300)}…` : text).replace(/\.$/, '');
    if (!parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

export interface SignInResult {
  user: User;
  /** The local path to open now. */
  next: string;
  /** Group names from the provider that Docent cannot use (for the log). */
  skippedGroups: string[];
}

/**
 * Finishes a sign-in at the callback: checks the flow cookie and state, exchanges the code (PKCE),
 * checks the ID token and its nonce, then creates or updates the account. Throws OidcSignInError or
 * OidcUnavailableError, whose `reason` the login page explains.
 */
export async function finishSignIn(options: {
  settings: OidcSettings;
  secret: string;
  users: UserStore;
  /** The callback request's URL: only its query (code, state, iss or error) is read. */
  callbackUrl: string;
  flowCookie: string | undefined;
}): Promise<SignInResult> {
  const { settings } = options;
  const flow = await openFlow(options.flowCookie, options.secret);
  const configuration = await providerConfiguration(settings);
  // The token request must name the redirect URI the authorization request named, whatever address
  // (a reverse proxy's, say) this request arrived at.
  const current = new URL(flow.redirectUri);
  current.search = new URL(options.callbackUrl).search;
  let claims: Claims;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = await personClaims(configuration, settings, tokens);
  } catch (error) {
    throw failure(error, settings);
  }
  const profile = signInProfile(claims, settings);
  if (!profile.email) {
    throw new OidcSignInError('sso_email', `The provider sent no verified email address for ${String(claims.sub)} (claims email and email_verified).`);
  }
  const user = options.users.signInExternal(profile.email, profile.groups, { initial: settings.defaultRole, assigned: profile.assignedRole });
  // The path was made local when the flow began, and came back sealed.
  return { user, next: flow.next ?? '/', skippedGroups: profile.skippedGroups };
}

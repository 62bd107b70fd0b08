import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

// A real OpenID Connect provider (panva's certified oidc-provider) on 127.0.0.1 for the sign-in
// tests, with its development login and consent pages, and a small user agent that goes through
// them over HTTP the way a browser would: its own cookies, redirects followed, forms submitted.

export interface TestProvider {
  issuer: string;
  /** The people the provider knows, by login: the claims it releases, changeable between sign-ins. */
  accounts: Map<string, Record<string, unknown>>;
  /** Requests to the discovery document so far. */
  discoveries: () => number;
  close(): Promise<void>;
}

export interface TestProviderOptions {
  client: { id: string; secret: string; redirectUris: string[] };
  /** Claims released per scope (`openid` ones always). */
  claims?: Record<string, string[]>;
  /** Claims only in the ID token: no userinfo endpoint, as some providers are set up. */
  idTokenOnly?: boolean;
}

/**
 * Starts a provider on a free port. It is built at its first request, so the client's redirect
 * URIs may be added to `options.client.redirectUris` after this returns: the browser test learns
 * Docent's address only once Docent is running, and Docent needs the issuer to start.
 */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  let discoveries = 0;
  let handle: http.RequestListener | null = null;
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/.well-known/openid-configuration')) discoveries += 1;
    handle ??= build();
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const build = () => {
    // A signing key of its own, so the provider does not fall back to its published development keys.
    const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: options.client.id,
          client_secret: options.client.secret,
          redirect_uris: options.client.redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      findAccount: (_context, id) => {
        const claims = accounts.get(id);
        return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
      },
      claims: options.claims ?? { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
      conformIdTokenClaims: !options.idTokenOnly,
      cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      features: { devInteractions: { enabled: true }, ...(options.idTokenOnly ? { userinfo: { enabled: false } } : {}) },
      jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
    });
    return provider.callback();
  };
  return {
    issuer,
    accounts,
    discoveries: () => discoveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Someone's browser as far as the provider sees it: the provider's cookies survive from one sign-in to the next. */
export class ProviderUserAgent {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly issuer: string) {}

  private async request(url: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form) : undefined, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (value && !expired) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  /**
   * Follows an authorization URL through the provider's login (as `login`) and consent pages,
   * until the provider redirects elsewhere; returns that URL (the client's callback). `cancel`
   * takes the page's abort link instead, as someone who changes their mind would.
   */
  async authorize(url: string, login: string, options: { cancel?: boolean } = {}): Promise<string> {
    let next = url;
    for (let step = 0; step < 12; step++) {
      if (new URL(next).origin !== new URL(this.issuer).origin) return next;
      const response = await this.request(next);
      if (response.status >= 300 && response.status < 400) {
        next = new URL(response.headers.get('location')!, next).href;
        continue;
      }
      const page = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
      if (response.status !== 200 || !action || !prompt) throw new Error(`The provider answered ${response.status} at ${next}:\n${page.slice(0, 1000)}`);
      if (options.cancel) {
        const abort = /href="([^"]+\/abort)"/.exec(page)?.[1];
        if (!abort) throw new Error(`No abort link on the provider's ${prompt} page.`);
        next = new URL(abort, next).href;
        continue;
      }
      const submitted = await this.request(new URL(action, next).href, prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt });
      if (submitted.status < 300 || submitted.status >= 400)
        throw new Error(`The provider's ${prompt} form answered ${submitted.status}: ${await submitted.text()}`);
      next = new URL(submitted.headers.get('location')!, next).href;
    }
    throw new Error(`The provider kept the sign-in going past 12 steps (at ${next}).`);
  }
}

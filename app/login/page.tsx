import type { Metadata } from 'next';
import type { SignInFailure } from '@/lib/auth/oidc';
import { getConfig } from '@/lib/config';
import { localPath } from '@/lib/web/local-path';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · Docent' };
// The sign-in button depends on the settings the server runs with, not those of the build.
export const dynamic = 'force-dynamic';

const SIGN_IN_FAILURES: Record<SignInFailure, string> = {
  sso_unavailable: 'The sign-in provider could not be reached. Try again in a moment, or sign in with a password.',
  sso_expired: 'The sign-in took too long or was started in another browser. Try again.',
  sso_denied: 'The sign-in was cancelled at the provider.',
  sso_email: 'The provider did not send a verified email address for your account, which Docent needs. Ask your administrator.',
  sso_failed: 'The sign-in could not be completed. Try again; if it keeps failing, ask your administrator (the server log says why).',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ [key: string]: string | string[] | undefined }> }) {
  const query = await searchParams;
  const denied = query.denied === '1';
  const oidc = getConfig().oidc;
  const failure = typeof query.error === 'string' && Object.hasOwn(SIGN_IN_FAILURES, query.error) ? SIGN_IN_FAILURES[query.error as SignInFailure] : null;
  // Without a `next`, a provider sign-in opens the chat: it is the page every role may see.
  const ssoNext = query.next === undefined ? null : localPath(query.next, '/review');
  return (
    <div className="login">
      <h1>Sign in</h1>
      <p className="muted">Sign in to ask about the documents of your spaces, or to review answers. Public documents need no account.</p>
      {denied ? (
        <p className="notice warn" role="alert">
          Your account does not have the role this page needs. Sign in with a reviewer or administrator account.
        </p>
      ) : null}
      {failure ? (
        <p className="notice bad" role="alert" data-testid="login-sso-error">
          {failure}
        </p>
      ) : null}
      {oidc ? (
        <p className="panel row" style={{ marginBottom: '1rem' }}>
          <a className="button" href={`/api/auth/oidc/start${ssoNext ? `?next=${encodeURIComponent(ssoNext)}` : ''}`} data-testid="login-sso">
            Sign in with {oidc.name}
          </a>
        </p>
      ) : null}
      <LoginForm next={localPath(query.next, '/review')} denied={denied} />
    </div>
  );
}

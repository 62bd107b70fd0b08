import type { Metadata } from 'next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in · Docent' };

/**
 * Where to go after signing in: a path on this site (starts with one `/`, not `//` or `/\`, which
 * browsers read as another host), else the review queue.
 */
function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || next.length > 2000) return '/review';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/review';
  // Control characters and backslashes have no place in a local path (and confuse URL parsers).
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/review';
  return next;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ [key: string]: string | string[] | undefined }> }) {
  const query = await searchParams;
  const denied = query.denied === '1';
  return (
    <div className="login">
      <h1>Sign in</h1>
      <p className="muted">Reviewers and administrators sign in here. Asking questions in the chat needs no account.</p>
      {denied ? (
        <p className="notice warn" role="alert">
          Your account does not have the role this page needs. Sign in with a reviewer or administrator account.
        </p>
      ) : null}
      <LoginForm next={safeNext(query.next)} denied={denied} />
    </div>
  );
}

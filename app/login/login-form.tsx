'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';

interface ApiError {
  error?: { code?: string; message?: string };
}

/** The path to open after signing in, checked again in the browser: same origin, a path, else /review. */
function destination(next: string): string {
  try {
    const url = new URL(next, window.location.origin);
    if (url.origin !== window.location.origin || !next.startsWith('/') || next.startsWith('//')) return '/review';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/review';
  }
}

/** Who is signed in already (shown when the account lacks the role the page needs). */
function useCurrentUser(enabled: boolean) {
  const [user, setUser] = useState<{ email: string; role: string } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    void fetch('/api/auth/me')
      .then(async (response) => (response.ok ? ((await response.json()) as { email: string; role: string }) : null))
      .then(setUser)
      .catch(() => setUser(null));
  }, [enabled]);
  return user;
}

export function LoginForm({ next, denied }: { next: string; denied: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const current = useCurrentUser(denied);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.trim(), password }),
      });
      if (response.ok) {
        // A full navigation, so the server renders the page with the new session cookie.
        window.location.assign(destination(next));
        return;
      }
      const body = (await response.json().catch(() => null)) as ApiError | null;
      if (response.status === 429) setError(body?.error?.message ?? 'Too many failed sign-ins; try again later.');
      else if (response.status === 401) setError(body?.error?.message ?? 'That email and password do not match an account.');
      else if (response.status === 400) setError('Enter your email and password.');
      else setError(body?.error?.message ?? `The server answered ${response.status}.`);
      setPassword('');
      passwordInput.current?.focus();
    } catch {
      setError('Could not reach the server. Check the connection and try again.');
    }
    setBusy(false);
  };

  return (
    <form className="panel login-form" onSubmit={(event) => void submit(event)} aria-busy={busy ? 'true' : undefined}>
      {current ? (
        <p className="small muted">
          Signed in as {current.email} ({current.role}).
        </p>
      ) : null}
      <label htmlFor="login-email">Email</label>
      <input
        id="login-email"
        name="email"
        type="email"
        autoComplete="username"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'login-error' : undefined}
        data-testid="login-email"
      />
      <label htmlFor="login-password">Password</label>
      <input
        id="login-password"
        ref={passwordInput}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'login-error' : undefined}
        data-testid="login-password"
      />
      {error ? (
        <p id="login-error" className="error" role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <div className="row" style={{ marginTop: '0.8rem' }}>
        <button className="button primary" type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

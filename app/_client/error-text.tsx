import { sessionEnded } from './api';

/**
 * A failed request's message; when the session has ended, a link to sign in and come back to `next`.
 * `inline` for a message beside a button in a table row.
 */
export function ErrorText({ error, next, inline = false }: { error: Error | null; next: string; inline?: boolean }) {
  if (!error) return null;
  const content = (
    <>
      {error.message} {sessionEnded(error) ? <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in</a> : null}
    </>
  );
  return inline ? (
    <span className="error small" role="alert">
      {content}
    </span>
  ) : (
    <p className="error" role="alert">
      {content}
    </p>
  );
}

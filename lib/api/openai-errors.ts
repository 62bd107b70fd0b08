import { DocentError, describeError } from '../errors';

// Errors in OpenAI's shape, {error: {message, type, param, code}}, so that OpenAI's clients raise
// their usual exceptions (AuthenticationError, NotFoundError, RateLimitError, BadRequestError).

export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

function typeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** The error body and status for any thrown value; Docent's own failures are logged and say nothing more. */
export function openAiError(error: unknown, log: (message: string) => void): { status: number; body: { error: OpenAiError }; headers: Record<string, string> } {
  if (DocentError.isInstance(error) && error.status < 500) {
    const param = (error as { param?: unknown }).param;
    return {
      status: error.status,
      body: { error: { message: error.message, type: typeFor(error.status), param: typeof param === 'string' ? param : null, code: error.code } },
      headers: error.headers,
    };
  }
  if (DocentError.isInstance(error) && error.transient) {
    // An outage (the index, the embedder): the client may try again, which 503 tells it.
    log(`docent: an API request met an outage: ${describeError(error)}`);
    const message = 'A service Docent depends on is unavailable right now; try again shortly.';
    return { status: 503, body: { error: { message, type: 'server_error', param: null, code: error.code } }, headers: { 'retry-after': '30' } };
  }
  log(`docent: unexpected error in an API request: ${describeError(error)}\n${(error as Error)?.stack ?? ''}`);
  return {
    status: 500,
    body: { error: { message: 'Something went wrong on the server; it has been logged.', type: 'server_error', param: null, code: 'internal_error' } },
    headers: {},
  };
}

export function openAiErrorResponse(error: unknown, log: (message: string) => void): Response {
  const { status, body, headers } = openAiError(error, log);
  return Response.json(body, { status, headers });
}

// The browser side of the JSON API, shared by the review queue, the status dashboard and the admin page.

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** fetch for the JSON API: the parsed body (null for 204), or a RequestError with the server's message. */
export async function request<T>(url: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new RequestError(0, 'Could not reach the server. Check the connection and try again.');
  }
  if (response.status === 204) return null as T;
  const data = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { message: string }[] } } | null;
  if (!response.ok) {
    if (response.status === 401) throw new RequestError(401, 'Your session has ended. Sign in again.');
    const details = data?.error?.details?.map((detail) => detail.message).join('; ');
    throw new RequestError(response.status, [data?.error?.message ?? `The server answered ${response.status}.`, details].filter(Boolean).join(' '));
  }
  return data as T;
}

/** What was caught, as an Error to show; a RequestError keeps its HTTP status for `sessionEnded`. */
export const errorOf = (caught: unknown): Error => (caught instanceof Error ? caught : new Error(String(caught)));

/** Whether the server answered 401: the session has ended, and signing in again is the way on. */
export const sessionEnded = (error: Error): boolean => error instanceof RequestError && error.status === 401;

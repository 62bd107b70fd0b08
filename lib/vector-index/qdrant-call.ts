import { DocentError, IndexUnavailableError, describeError } from '../errors';

function isConnectionFailure(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${(error as { cause?: Error })?.cause?.message ?? ''} ${(error as { cause?: { code?: string } })?.cause?.code ?? ''}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|other side closed|aborted|timeout/i.test(text);
}

/**
 * Runs one Qdrant call, turning transport and server failures into typed, readable errors: an
 * unreachable server, 5xx, 429 and 408 are `index_unavailable` (transient), other answers
 * `qdrant_request_failed`. `onUnreachable` runs when the server could not be reached at all.
 */
export async function qdrantCall<T>(url: string, what: string, run: () => Promise<T>, onUnreachable?: () => void): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (DocentError.isInstance(error)) throw error;
    const status = (error as { status?: number }).status;
    if (status === undefined && isConnectionFailure(error)) {
      onUnreachable?.();
      throw new IndexUnavailableError('qdrant', url, `Qdrant at ${url} is not reachable: ${describeError(error)}`, error);
    }
    if (status !== undefined && (status >= 500 || status === 429 || status === 408)) {
      throw new IndexUnavailableError('qdrant', url, `Qdrant at ${url} failed to ${what} (HTTP ${status}): ${describeError(error)}`, error);
    }
    const detail = JSON.stringify((error as { data?: unknown }).data ?? describeError(error));
    throw new DocentError('qdrant_request_failed', `Qdrant rejected the request to ${what} (HTTP ${status ?? '?'}): ${detail}`, { cause: error });
  }
}

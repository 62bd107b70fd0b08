import { DocentError, IndexUnavailableError, describeError } from '../errors';

function failureText(error: unknown): string {
  return `${(error as Error)?.message ?? ''} ${(error as { cause?: Error })?.cause?.message ?? ''} ${(error as { cause?: { code?: string } })?.cause?.code ?? ''}`;
}

function isConnectionFailure(error: unknown): boolean {
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|other side closed|aborted|timeout/i.test(failureText(error));
}

/** The server closed the connection under the request: typically a kept-alive socket it had just let go. */
function isClosedSocket(error: unknown): boolean {
  return /ECONNRESET|socket hang up|other side closed/i.test(failureText(error));
}

/**
 * How a Qdrant cluster says one replica or peer could not serve the request: a peer just killed
 * (its gRPC link fails), or one restarting that is sent reads for shards it has not loaded yet
 * ("1 of 1 read operations failed: Local shard 4 not found"). Another attempt reaches a replica
 * that can; every Docent write is idempotent (deterministic ids, deletes by filter), so it may repeat.
 */
const REPLICA_FAILURE = /read operations failed|Local shard \d+ not found|Tonic status error|service is currently unavailable|\breplicas?\b/i;
/** Waits before the attempts after a replica failure (about 6 s in all, longer than a restarting peer's window). */
const REPLICA_RETRY_MS = [100, 200, 400, 800, 1600, 3200];

function isReplicaFailure(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status === undefined || status < 500) return false;
  return REPLICA_FAILURE.test(`${(error as Error)?.message ?? ''} ${JSON.stringify((error as { data?: unknown }).data ?? '')}`);
}

/**
 * Runs one Qdrant call, turning transport and server failures into typed, readable errors: an
 * unreachable server, 5xx, 429 and 408 are `index_unavailable` (transient), other answers
 * `qdrant_request_failed`. `onUnreachable` runs when the server could not be reached at all.
 * A cluster's replica failures are retried here, the one place every Qdrant call passes, and a
 * socket the server closed under the request once; other failures are not (an outage is reported
 * at once, and callers decide about waiting it out).
 */
export async function qdrantCall<T>(url: string, what: string, run: () => Promise<T>, onUnreachable?: () => void): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (DocentError.isInstance(error)) throw error;
      const status = (error as { status?: number }).status;
      const connectionFailed = status === undefined && isConnectionFailure(error);
      // A socket closed under the request may be a kept-alive one the server had just let go: one
      // more attempt, on a new connection, tells that apart from an outage.
      if (attempt < REPLICA_RETRY_MS.length && (isReplicaFailure(error) || (attempt === 0 && connectionFailed && isClosedSocket(error)))) {
        await new Promise((resolve) => setTimeout(resolve, REPLICA_RETRY_MS[attempt]));
        continue;
      }
      if (connectionFailed) {
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
}

import { QdrantClient } from '@qdrant/js-client-rest';

/** Sent with every request to Qdrant (the client's, and snapshot transfers': qdrant-snapshot.ts); see createQdrantClient. */
export const UNCOMPRESSED = { 'accept-encoding': 'identity' } as const;

/**
 * The one way Docent talks to Qdrant's REST API. It asks for answers uncompressed: fetch asks for gzip by
 * default, and Qdrant then sends an answer over about a kilobyte gzipped and chunked, its headers in one write
 * and its body in another. actix-web leaves Nagle's algorithm on, so the body waits for the client to
 * acknowledge the headers, which Linux delays by up to 40 ms: measured against Qdrant 1.18.3 on loopback,
 * one query in ten or more answering 1–11 KB took 46–52 ms instead of 3–6 ms. An uncompressed answer goes out whole.
 */
export function createQdrantClient(options: { url: string; apiKey?: string | null; timeoutMs?: number }): QdrantClient {
  return new QdrantClient({
    url: options.url,
    apiKey: options.apiKey ?? undefined,
    checkCompatibility: false,
    timeout: options.timeoutMs,
    headers: UNCOMPRESSED,
  });
}

import { hashToUuid, sha256Hex } from '../ids';

/** What Docent records about one collection: the embedder that wrote it and its BM25 parameters. */
export interface CollectionMetadata {
  embedder: string;
  tokenizer: string;
  /** `length_count`: how many chunk lengths `average_length` is the mean of. */
  bm25: { k1: number; b: number; average_length: number; length_count?: number; title_weight: number; heading_weight: number };
}

/**
 * The record lives in the collection itself, as one reserved point: an id no chunk can have, no
 * vectors, the metadata under `docent` in its payload. Why there and not in the collection's
 * `metadata` (Qdrant 1.16 and later only) or in a collection of its own (what Qdrant's authors
 * suggest): a point works on every server from 1.12 on, and it travels with the collection —
 * a snapshot, a restore into another server, and a drop all carry or remove it with the chunks,
 * so it can never describe a collection that is gone or be missing from one that is restored.
 * The price is that counts and scrolls must leave it out (`withoutMetadata`); searches cannot
 * meet it, as it has no vectors. On Qdrant 1.12–1.14 it adds one to the document count of the IDF
 * modifier (1.15 counts only points with the sparse vector), which shifts BM25 weights by under
 * 1/N.
 */
export const METADATA_POINT_ID = hashToUuid(sha256Hex('docent', 'collection-metadata'));

/** The condition, for `must_not`, that keeps the metadata record out of chunk counts and scrolls. */
export const METADATA_CONDITION = { has_id: [METADATA_POINT_ID] };

/**
 * `filter` (every point when absent) without the metadata record: for counts and scrolls. Searches
 * need no such clause, as the record has no vector to be found by.
 */
export function withoutMetadata(filter?: { must?: unknown[]; must_not?: unknown[] }) {
  return { ...filter, must_not: [...(filter?.must_not ?? []), METADATA_CONDITION] };
}

/** The reserved point that holds `metadata`, as an upsert sends it. */
export function metadataPoint(metadata: CollectionMetadata) {
  return { id: METADATA_POINT_ID, vector: {}, payload: { docent: metadata } as Record<string, unknown> };
}

/** The metadata in a record's payload, or null when it is not a Docent record. */
export function parseMetadata(value: unknown): CollectionMetadata | null {
  const candidate = value as Partial<CollectionMetadata> | null | undefined;
  if (!candidate || typeof candidate.embedder !== 'string' || typeof candidate.bm25?.average_length !== 'number') return null;
  return candidate as CollectionMetadata;
}

/** Where Docent on Qdrant 1.16+ kept the metadata before the record existed (`config.metadata.docent`). */
export function legacyMetadata(description: { config?: unknown }): CollectionMetadata | null {
  return parseMetadata((description.config as { metadata?: { docent?: unknown } } | undefined)?.metadata?.docent);
}

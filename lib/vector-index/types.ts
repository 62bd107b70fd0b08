import type { EmbedderIdentity } from '../embedder/types';

export type SourceType = 'document' | 'curated';

/** What a chunk carries besides its text and vector: enough to cite it and to filter on it. */
export interface ChunkPayload {
  doc_id: string;
  root: string;
  path: string;
  title: string | null;
  heading: string | null;
  page: number | null;
  char_start: number;
  char_end: number;
  chunk_index: number;
  file_type: string;
  tags: string[];
  source_type: SourceType;
  text_hash: string;
  /** ISO 639-1 code of the chunk's language ('und' when unknown): its terms are stemmed in it, and searches may filter on it. */
  language?: string;
  ocr?: boolean;
  ocr_confidence?: number | null;
  low_confidence?: boolean;
}

export interface IndexPoint {
  id: string;
  vector: Float32Array;
  /** The passage as it is cited. */
  text: string;
  payload: ChunkPayload;
}

export interface StoredPoint {
  id: string;
  text: string;
  payload: ChunkPayload;
}

/** All changes to one document, applied together: all or nothing where the backend allows it. */
export interface DocumentWrite {
  docId: string;
  upsert: IndexPoint[];
  updatePayload: { id: string; payload: ChunkPayload }[];
  delete: string[];
}

export interface QueryFilter {
  docIds?: string[];
  roots?: string[];
  /** Relative path prefix, e.g. "policies/". */
  pathPrefix?: string;
  fileTypes?: string[];
  tags?: string[];
  sourceTypes?: SourceType[];
  /** ISO 639-1 codes: only chunks in these languages. */
  languages?: string[];
  /** What the asker may not read (lib/spaces), applied inside the query before ranking. */
  access?: AccessFilter;
}

/** The parts of the index a viewer may not read. */
export interface AccessFilter {
  /** Documents under these folders ("" with root null: every document); reviewed answers are not affected. */
  excludeFolders: { root: string | null; folder: string }[];
  /** Points of these doc ids (reviewed answers the viewer may not read). */
  excludeDocIds: string[];
}

export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

export interface HybridQuery {
  vector: Float32Array | null;
  /** Tokenized query terms (lib/text/tokenize). */
  terms: string[];
  limit: number;
  filter?: QueryFilter;
  mode: RetrievalMode;
  /** How `rankCandidates` (fusion.ts) combines the signals on every backend: min-max score fusion or RRF, the dense side weighted by `denseWeight`. */
  fusion: 'score' | 'rrf';
  denseWeight: number;
  rrfK: number;
  /** How many candidates each signal contributes before fusion. */
  candidates: number;
}

export interface ScoredPoint extends StoredPoint {
  score: number;
  /** Cosine similarity, when the dense signal saw this point. */
  dense: number | null;
  /** The backend's BM25 score, when the lexical signal matched this point. */
  lexical: number | null;
}

export interface WriteStats {
  upserted: number;
  updated: number;
  deleted: number;
}

export interface VectorIndex {
  readonly backend: 'embedded' | 'qdrant';
  readonly generation: string;
  readonly identity: EmbedderIdentity;
  listDocumentPoints(docId: string): Promise<StoredPoint[]>;
  fetchVectors(ids: string[]): Promise<Map<string, Float32Array>>;
  /**
   * Applies one document's changes. `commit` (registry and job bookkeeping) runs in the same
   * transaction on the embedded backend, and only after the write succeeded on a remote one.
   */
  writeDocument(write: DocumentWrite, commit?: () => void): Promise<WriteStats>;
  deleteDocument(docId: string, commit?: () => void): Promise<number>;
  query(query: HybridQuery): Promise<ScoredPoint[]>;
  count(filter?: QueryFilter): Promise<number>;
  /** How many chunks hold each term (document frequency), and how many chunks there are: for IDF weights. */
  termStatistics(terms: string[]): Promise<{ chunks: number; frequencies: Map<string, number> }>;
  /** Whether the backend answers now, without creating anything. */
  health(): Promise<{ ok: boolean; detail: string }>;
  /**
   * Writes every chunk's terms again from its stored text, all at once for readers (the embedded
   * index); the number of chunks, or null when stopped. Without it, ingest/retokenize.ts writes each
   * document's chunks again.
   */
  rebuildTerms?(options: TermRewriteOptions): Promise<number | null>;
}

/** How a rewrite of the terms reports its progress and is asked to stop. */
export interface TermRewriteOptions {
  onProgress?: (done: number, total: number) => void;
  /** Asked between batches or documents: true leaves the terms as they were (the generation stays unmarked). */
  shouldStop?: () => boolean;
}

/** A file a backend wrote into a backup folder (path relative to it). */
export interface BackupFile {
  file: string;
  size: number;
}

/**
 * What the generation switch, its cleanup and backups need from a backend, for one generation as a
 * whole. Both backends implement it, so no caller needs to know which one it holds.
 */
export interface GenerationLifecycle {
  /** Makes the backend serve this generation: Qdrant moves its alias in one atomic operation; the embedded index has nothing to move. */
  claimServing(): Promise<void>;
  /** Removes everything the generation stored (a Qdrant collection, an embedded table set). */
  drop(): Promise<void>;
  /** Writes a copy of the generation's points into `folder` for a backup; null when the database backup already holds them. */
  backupInto(folder: string): Promise<BackupFile | null>;
  /** Puts back what `backupInto` wrote (`file`, relative to `folder`), before the generation is opened for use. */
  restoreFrom(folder: string, file: string): Promise<void>;
}

/** A generation's index as `openIndex` returns it. */
export type GenerationIndex = VectorIndex & GenerationLifecycle;

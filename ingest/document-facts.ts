import type { DocumentRecord } from '../lib/registry';
import type { EmbeddedPlan } from './embed';

// What the stages of one document learn about its file, handed to the transition that records it.

/** What is known of a file the stages rejected; a column left undefined keeps its recorded value. */
export interface FileFacts {
  /** Null forgets the recorded hash, so the next change to the file is read again. */
  sha256: string | null;
  size: number;
  mtimeMs: number;
  fileType?: string;
}

/** What is known of a file whose text was read: enough to index it or to record it as a duplicate. */
export interface ReadFacts {
  sha256: string;
  contentHash: string;
  size: number;
  mtimeMs: number;
  fileType: string;
  /** ISO 639-1 code of the text's language, 'und' when unknown. */
  language: string;
  modifiedAt: number;
}

/** A new version ready to commit: its chunks, and the row describing it. */
export interface IndexedVersion extends ReadFacts {
  plan: EmbeddedPlan;
  chunkCount: number;
  title: string | null;
  embedder: string;
  staleSince: number;
  indexedAt: number;
  /** The row before this version (its duplicates are re-examined when its text changed). */
  previous: DocumentRecord | null;
  /** The document whose chunks were moved here, under a path that no longer exists. */
  movedFrom: DocumentRecord | null;
  /** The document already indexed with the same text, asked again inside the commit. */
  liveOriginal: () => DocumentRecord | null;
}

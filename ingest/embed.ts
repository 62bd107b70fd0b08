import type { EmbeddingScheduler } from '../lib/embedder/embedding-scheduler';
import { identityKey, sameIdentity } from '../lib/embedder/types';
import { chunkId, textHash } from '../lib/ids';
import { chunkLanguages, documentLanguage } from '../lib/text/language';
import type { ChunkPayload, StoredPoint, VectorIndex } from '../lib/vector-index/types';
import { type Chunk, headingLabel } from './chunk';
import type { ExtractedDocument } from './extracted-document';

export interface DocumentContext {
  docId: string;
  root: string;
  path: string;
  tags: string[];
  /** The document's language (detected when not given): a chunk the detector is unsure of is read in it. */
  language?: string;
}

export interface PlannedChunk {
  id: string;
  chunk: Chunk;
  payload: ChunkPayload;
}

export interface EmbeddedPlan {
  /** Chunks new to the index, with their vectors. */
  fresh: (PlannedChunk & { vector: Float32Array })[];
  /** Chunks already indexed under the same id whose position or metadata moved. */
  moved: PlannedChunk[];
  /** Indexed chunks of this document that no longer exist. */
  stale: string[];
  /** How many texts were sent to the embedder (the rest reused stored vectors). */
  embedded: number;
  reused: number;
}

/** Folder names on the way to a file, as tags to filter on ("handbook/it.md" → ["handbook"]). */
export function tagsFor(relativePath: string): string[] {
  return relativePath.split('/').slice(0, -1).filter(Boolean);
}

/** Each chunk's id and payload, with its language (chunkLanguages), in which its terms are stemmed. */
export async function planChunks(document: ExtractedDocument, chunks: Chunk[], context: DocumentContext, embedderKey: string): Promise<PlannedChunk[]> {
  const occurrences = new Map<string, number>();
  const languages = await chunkLanguages(
    chunks.map((chunk) => chunk.text),
    context.language ?? (await documentLanguage(document.text)),
  );
  return chunks.map((chunk, index) => {
    const occurrence = occurrences.get(chunk.embedText) ?? 0;
    occurrences.set(chunk.embedText, occurrence + 1);
    const payload: ChunkPayload = {
      doc_id: context.docId,
      root: context.root,
      path: context.path,
      title: document.title,
      heading: headingLabel(chunk.headingPath),
      page: chunk.page,
      char_start: chunk.charStart,
      char_end: chunk.charEnd,
      chunk_index: chunk.index,
      file_type: document.fileType,
      tags: context.tags,
      source_type: 'document',
      text_hash: textHash(chunk.embedText),
      language: languages[index]!,
      ...(chunk.ocr ? { ocr: true, ocr_confidence: chunk.ocr.confidence, low_confidence: chunk.ocr.lowConfidence } : {}),
    };
    return { id: chunkId(context.docId, chunk.embedText, occurrence, embedderKey), chunk, payload };
  });
}

function samePayload(a: ChunkPayload, b: ChunkPayload): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Embed stage: only chunks the index does not hold yet are embedded, and of those, any whose
 * exact text was already embedded (this document's previous version, or the file it was renamed
 * from) reuses the stored vector. An unchanged document costs no embedding call at all.
 */
export async function embedChunks(args: {
  planned: PlannedChunk[];
  existing: StoredPoint[];
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
  /** Points of a document this one was renamed from: their vectors may be reused. */
  donors?: StoredPoint[];
  /** Another generation with the same embedder: a chunk id there holds the very vector needed here. */
  donorIndex?: VectorIndex | null;
}): Promise<EmbeddedPlan> {
  if (!sameIdentity(args.scheduler.identity, args.index.identity)) {
    throw new Error(`Embedder ${identityKey(args.scheduler.identity)} cannot write into an index of ${identityKey(args.index.identity)}.`);
  }
  const existingById = new Map(args.existing.map((point) => [point.id, point]));
  const wanted = new Set(args.planned.map((item) => item.id));
  const moved: PlannedChunk[] = [];
  const missing: PlannedChunk[] = [];
  for (const item of args.planned) {
    const stored = existingById.get(item.id);
    if (!stored) missing.push(item);
    else if (!samePayload(stored.payload, item.payload)) moved.push(item);
  }
  const stale = args.existing.filter((point) => !wanted.has(point.id)).map((point) => point.id);

  const donorIdByHash = new Map<string, string>();
  for (const point of [...args.existing, ...(args.donors ?? [])]) donorIdByHash.set(point.payload.text_hash, point.id);
  const donorIds = [...new Set(missing.map((item) => donorIdByHash.get(item.payload.text_hash)).filter((id): id is string => !!id))];
  const donorVectors = donorIds.length ? await args.index.fetchVectors(donorIds) : new Map<string, Float32Array>();

  const vectors = new Map<string, Float32Array>();
  let toEmbed: PlannedChunk[] = [];
  for (const item of missing) {
    const donorId = donorIdByHash.get(item.payload.text_hash);
    const vector = donorId ? donorVectors.get(donorId) : undefined;
    if (vector) vectors.set(item.id, vector);
    else toEmbed.push(item);
  }
  if (toEmbed.length && args.donorIndex && sameIdentity(args.donorIndex.identity, args.index.identity)) {
    const fromOtherGeneration = await args.donorIndex.fetchVectors(toEmbed.map((item) => item.id));
    for (const [id, vector] of fromOtherGeneration) vectors.set(id, vector);
    toEmbed = toEmbed.filter((item) => !vectors.has(item.id));
  }
  const embedded = await args.scheduler.embed(toEmbed.map((item) => item.chunk.embedText));
  toEmbed.forEach((item, index) => vectors.set(item.id, embedded[index]!));

  return {
    fresh: missing.map((item) => ({ ...item, vector: vectors.get(item.id)! })),
    moved,
    stale,
    embedded: toEmbed.length,
    reused: missing.length - toEmbed.length,
  };
}

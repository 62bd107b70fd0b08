import { CuratedStore, curatedDocId, curatedIdOf } from '../lib/answer/curated';
import type { Db } from '../lib/db';
import type { Registry } from '../lib/registry';
import { TOKENIZER_VERSION } from '../lib/text/tokenize';
import { getGeneration, setGenerationTokenizer, termsCurrent } from '../lib/vector-index/generations';
import type { IndexPoint, TermRewriteOptions, VectorIndex } from '../lib/vector-index/types';

export interface RetokenizeProgress {
  /** The version the stored terms were written with (null: before versions were kept). */
  from: number | null;
  to: number;
  done: number;
  total: number;
}

export interface RetokenizeResult {
  from: number | null;
  to: number;
  /** Documents (and reviewed answers) whose chunks were written again one by one; absent when the backend rewrote all terms at once. */
  documents?: number;
  /** Points written before their vectors were kept, left with their terms until their document changes. */
  skipped?: number;
  chunks: number;
  duration_s: number;
}

/** What the pipeline tells its listeners while it re-reads the terms (its `terms` event). */
export type TermsEvent = ({ phase: 'progress' } & RetokenizeProgress) | ({ phase: 'done' } & RetokenizeResult);

/**
 * Brings a generation's terms to this Docent's tokenizer. The index keeps the terms each chunk was
 * written with (FTS5 rows on the embedded backend, sparse vectors and term lists in Qdrant), while
 * questions are tokenized by the code that runs now: after an upgrade that changed the tokenizer, a
 * question's stems would no longer meet the stored ones and lexical search would quietly miss. The
 * terms are written again from the stored text (nothing is extracted or embedded again): the embedded
 * index builds a new term table and swaps it in at once (embedded-terms.ts); elsewhere each
 * document's chunks are written again with their stored vectors, one document per write. A stop or
 * a crash midway leaves the generation unmarked, and the next run starts over. Runs while the caller
 * holds the pipeline lock, so no document changes under it; returns null when the terms are current.
 */
export async function retokenizeGeneration(
  target: { db: Db; index: VectorIndex; registry: Registry },
  options: { onProgress?: (progress: RetokenizeProgress) => void; shouldStop?: () => boolean } = {},
): Promise<RetokenizeResult | null> {
  const { db, index } = target;
  const generation = getGeneration(db, index.generation);
  if (!generation || termsCurrent(generation)) return null;
  const started = performance.now();
  const from = generation.tokenizer;
  const rewrite: TermRewriteOptions = {
    onProgress: (done, total) => options.onProgress?.({ from, to: TOKENIZER_VERSION, done, total }),
    shouldStop: options.shouldStop,
  };
  const written = index.rebuildTerms
    ? await index.rebuildTerms(rewrite).then((chunks) => (chunks === null ? null : { chunks }))
    : await rewriteDocuments(target, rewrite);
  if (written === null) return null;
  setGenerationTokenizer(db, generation.name, TOKENIZER_VERSION);
  return { from, to: TOKENIZER_VERSION, ...written, duration_s: (performance.now() - started) / 1000 };
}

/**
 * Each document's chunks written again with their stored text and vectors, one document per write as
 * ingestion does (Qdrant recomputes the sparse vector and term list of every point it is given).
 */
async function rewriteDocuments(
  target: { db: Db; index: VectorIndex; registry: Registry },
  { onProgress: progress, shouldStop }: TermRewriteOptions,
): Promise<{ documents: number; chunks: number; skipped: number } | null> {
  const { db, index, registry } = target;
  const curated = new CuratedStore(db);
  const docIds = [...new Set([...registry.list().map((doc) => doc.id), ...curated.list('all').map((entry) => curatedDocId(entry.id))])];
  let chunks = 0;
  let documents = 0;
  let skipped = 0;
  for (const [position, docId] of docIds.entries()) {
    if (shouldStop?.()) return null;
    progress?.(position, docIds.length);
    const reviewed = curatedIdOf(docId);
    const asRead = reviewed === null ? null : curated.get(reviewed)?.updatedAt;
    const points = await index.listDocumentPoints(docId);
    if (points.length === 0) continue;
    const vectors = await index.fetchVectors(points.map((point) => point.id));
    const upsert: IndexPoint[] = [];
    for (const point of points) {
      const vector = vectors.get(point.id);
      // A point without its vector cannot be written again as it was: it keeps its terms until its document changes.
      if (vector) upsert.push({ ...point, vector });
      else skipped += 1;
    }
    // Reviewed answers change in the web server, outside the pipeline lock: one withdrawn or edited since its points
    // were read is left as the web server wrote it (the window is this document's read and write).
    if (reviewed !== null && curated.get(reviewed)?.updatedAt !== asRead) continue;
    await index.writeDocument({ docId, upsert, updatePayload: [], delete: [] });
    chunks += upsert.length;
    documents += 1;
  }
  progress?.(docIds.length, docIds.length);
  return { documents, chunks, skipped };
}

/** The line a watcher or `npm run ingest` prints for a `terms` event: when the re-reading starts and when it is done. */
export function describeTerms(event: TermsEvent): string | null {
  if (event.phase === 'done') {
    const kept = event.skipped ? ` ${event.skipped} chunk(s) without a stored vector keep their old terms until their document changes.` : '';
    return `Re-read the terms of ${event.chunks} chunks in ${event.duration_s.toFixed(2)} s: search matches this version's tokenizer again.${kept}`;
  }
  if (event.done !== 0) return null;
  const written = event.from === null ? 'an older tokenizer' : `tokenizer v${event.from}`;
  return `The index's terms were written by ${written}; re-reading them for v${event.to} (nothing is extracted or embedded again)…`;
}

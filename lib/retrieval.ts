import { type Config, embedderReads } from './config';
import type { EmbeddingScheduler } from './embedder/embedding-scheduler';
import { languageAmong, loadLanguageDetectorFor } from './text/language';
import { tokenize } from './text/tokenize';
import type { QueryFilter, RetrievalMode, ScoredPoint, VectorIndex } from './vector-index/types';

export interface SearchOptions {
  k: number;
  filter?: QueryFilter;
  mode?: RetrievalMode;
  fusion?: 'score' | 'rrf';
  denseWeight?: number;
  candidates?: number;
  /** A vector already computed for this query (evaluations reuse it across modes). */
  queryVector?: Float32Array;
  /** The query's language (ISO 639-1), which its terms are stemmed in; detected when not given. */
  language?: string;
}

export interface SearchResult {
  chunkId: string;
  docId: string;
  root: string;
  path: string;
  title: string | null;
  page: number | null;
  heading: string | null;
  fileType: string;
  sourceType: string;
  charStart: number;
  charEnd: number;
  score: number;
  dense: number | null;
  lexical: number | null;
  text: string;
  lowConfidence: boolean;
  /** The chunk's language ('und' when unknown or indexed before languages were stored). */
  language: string;
}

export interface Retriever {
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
  config: Config;
  /** The languages of the indexed documents: a question is searched in one of them (lib/text/language.ts languageAmong). */
  indexLanguages?: () => readonly string[];
}

function toResult(point: ScoredPoint): SearchResult {
  const { payload } = point;
  return {
    chunkId: point.id,
    docId: payload.doc_id,
    root: payload.root,
    path: payload.path,
    title: payload.title,
    page: payload.page,
    heading: payload.heading,
    fileType: payload.file_type,
    sourceType: payload.source_type,
    charStart: payload.char_start,
    charEnd: payload.char_end,
    score: point.score,
    dense: point.dense,
    lexical: point.lexical,
    text: point.text,
    lowConfidence: payload.low_confidence === true,
    language: payload.language ?? 'und',
  };
}

/** Hybrid retrieval of chunks: BM25 over stemmed terms and dense similarity, fused (lib/vector-index/fusion.ts). */
export async function searchChunks(retriever: Retriever, query: string, options: SearchOptions): Promise<SearchResult[]> {
  const { config } = retriever;
  const mode = options.mode ?? 'hybrid';
  const indexed = retriever.indexLanguages?.() ?? [];
  if (!options.language) await loadLanguageDetectorFor([query], indexed);
  const language = options.language ?? languageAmong(query, indexed);
  const terms = tokenize(query, language);
  // The offline embedder reads English only: elsewhere its side of the fusion only adds noise.
  const denseWeight = embedderReads(config.retrieval, language) ? config.retrieval.denseWeight : 0;
  const vector = mode === 'lexical' || !query.trim() ? null : (options.queryVector ?? (await retriever.scheduler.embedQuery(query)));
  const points = await retriever.index.query({
    vector,
    terms,
    limit: options.k,
    filter: options.filter,
    mode,
    fusion: options.fusion ?? config.retrieval.fusion,
    denseWeight: options.denseWeight ?? denseWeight,
    rrfK: config.retrieval.rrfK,
    candidates: Math.max(options.candidates ?? config.retrieval.candidates, options.k),
  });
  return points.map(toResult);
}

/** Documents ranked by their best chunk, so splitting a document into chunks never dilutes it. */
export async function searchDocuments(retriever: Retriever, query: string, options: SearchOptions): Promise<SearchResult[]> {
  const candidates = Math.max(options.candidates ?? retriever.config.retrieval.candidates, options.k * 3);
  const chunks = await searchChunks(retriever, query, { ...options, k: candidates, candidates });
  const best = new Map<string, SearchResult>();
  for (const chunk of chunks) if (!best.has(chunk.docId)) best.set(chunk.docId, chunk);
  return [...best.values()].slice(0, options.k);
}

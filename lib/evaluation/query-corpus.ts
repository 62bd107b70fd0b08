import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EmbedderIdentity } from '../embedder/types';
import { hashToUuid, sha256Hex } from '../ids';
import type { ChunkPayload, IndexPoint } from '../vector-index/types';
import { fromBlob, normalized, toBlob } from '../vector-index/vector-math';

/**
 * Corpora of any size for the query benchmark (scripts/bench-query.ts), grown from real passages
 * and their real embeddings. The first chunks are the passages themselves; every further chunk
 * joins sentences of two passages, and its vector is the same blend of theirs (3:1) plus a little
 * noise, so text and vector agree and the vectors keep the shape of real embeddings (clusters,
 * uneven density) that random vectors lack. Embedding a million texts is not affordable here.
 */

export interface BasePassages {
  identity: EmbedderIdentity;
  texts: string[];
  vectors: Float32Array[];
}

export interface QuerySample {
  text: string;
  vector: Float32Array;
}

/** A deterministic PRNG (mulberry32): the same seed builds the same corpus on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim());
}

function blend(a: Float32Array, b: Float32Array, random: () => number): Float32Array {
  const out = new Float32Array(a.length);
  const noise = 0.02 / Math.sqrt(a.length);
  for (let i = 0; i < a.length; i++) out[i] = 0.75 * a[i]! + 0.25 * b[i]! + noise * (random() * 2 - 1);
  return normalized(out);
}

/** Chunk `index` of the corpus, as a point of document `doc<index / chunksPerDoc>`. */
export function corpusPoint(base: BasePassages, index: number, chunksPerDoc: number): IndexPoint {
  let text: string;
  let vector: Float32Array;
  if (index < base.texts.length) {
    text = base.texts[index]!;
    vector = base.vectors[index]!;
  } else {
    const random = seededRandom(index);
    const a = Math.floor(random() * base.texts.length);
    const b = Math.floor(random() * base.texts.length);
    const first = sentences(base.texts[a]!);
    const second = sentences(base.texts[b]!);
    text = [...first.slice(0, Math.max(1, Math.ceil(first.length * 0.6))), ...second.slice(-Math.max(1, Math.floor(second.length * 0.4)))].join(' ');
    vector = blend(base.vectors[a]!, base.vectors[b]!, random);
  }
  const docId = `doc${Math.floor(index / chunksPerDoc)}`;
  const payload: ChunkPayload = {
    doc_id: docId,
    root: '/bench',
    // Ten folders and two file types, so filtered queries have something to filter.
    path: `folder${Math.floor(index / chunksPerDoc) % 10}/${docId}.md`,
    title: null,
    heading: null,
    page: null,
    char_start: 0,
    char_end: text.length,
    chunk_index: index % chunksPerDoc,
    file_type: Math.floor(index / chunksPerDoc) % 5 === 0 ? 'pdf' : 'markdown',
    tags: [],
    source_type: 'document',
    text_hash: sha256Hex(text).slice(0, 32),
  };
  return { id: hashToUuid(sha256Hex(`bench/${index}`)), vector, text, payload };
}

/** Real passages' embeddings are computed once per embedder and passage set, then read from `folder`. */
export function baseCachePath(folder: string, identity: EmbedderIdentity, texts: string[]): string {
  const digest = crypto.createHash('sha256').update(JSON.stringify(identity)).update(texts.join('\u0000')).digest('hex').slice(0, 16);
  return path.join(folder, `base-${digest}.json`);
}

export function writeBase(file: string, base: BasePassages, queries: QuerySample[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const encode = (vector: Float32Array) => toBlob(vector).toString('base64');
  const record = {
    identity: base.identity,
    texts: base.texts,
    vectors: base.vectors.map(encode),
    queries: queries.map((query) => ({ text: query.text, vector: encode(query.vector) })),
  };
  fs.writeFileSync(file, JSON.stringify(record));
}

export function readBase(file: string): { base: BasePassages; queries: QuerySample[] } {
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    identity: EmbedderIdentity;
    texts: string[];
    vectors: string[];
    queries: { text: string; vector: string }[];
  };
  const decode = (text: string) => fromBlob(Buffer.from(text, 'base64'));
  return {
    base: { identity: record.identity, texts: record.texts, vectors: record.vectors.map(decode) },
    queries: record.queries.map((query) => ({ text: query.text, vector: decode(query.vector) })),
  };
}

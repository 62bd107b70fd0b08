import type { SparseVector } from '../text/bm25-sparse';
import { tokenize } from '../text/tokenize';
import type { AccessFilter, ChunkPayload, IndexPoint, QueryFilter, StoredPoint } from './types';

// How Docent's chunks, payloads and filters look in Qdrant requests and answers.

export const DENSE = 'dense';
export const SPARSE = 'bm25';
/** What a citation needs; vectors and anything else stay on the server. */
export const CITATION_FIELDS = [
  'doc_id',
  'root',
  'path',
  'title',
  'heading',
  'page',
  'char_start',
  'char_end',
  'chunk_index',
  'file_type',
  'tags',
  'source_type',
  'text_hash',
  'language',
  'ocr',
  'ocr_confidence',
  'low_confidence',
  'text',
];
// `terms` (a chunk's distinct lexical terms) lets Docent count document frequencies for IDF weights.
// `path` (exact file) and `folders` (every folder above it, "a/", "a/b/") serve path filters with
// plain keyword matches, which every Qdrant Docent supports; `match: {prefix}` needs 1.19.
export const KEYWORD_FIELDS = ['doc_id', 'root', 'file_type', 'tags', 'source_type', 'terms', 'path', 'folders', 'language'];

/** The folders above a file, each ending in "/": "a/b/c.md" → ["a/", "a/b/"]. */
export function foldersOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, index) => `${parts.slice(0, index + 1).join('/')}/`);
}

export type QdrantFilter = { must?: unknown[]; must_not?: unknown[] };
type Payload = ChunkPayload & { text: string; terms: string[]; folders: string[] };
export type QdrantRecord = { id: string | number; payload?: Record<string, unknown> | null };

/** A chunk's lexical fields, tokenized once for both the sparse vector and the stored terms. */
export function chunkFields(text: string, payload: Pick<ChunkPayload, 'title' | 'heading' | 'language'>) {
  const { language } = payload;
  return {
    title: payload.title ? tokenize(payload.title, language) : [],
    heading: payload.heading ? tokenize(payload.heading, language) : [],
    body: tokenize(text, language),
  };
}

/** Distinct lexical terms of a chunk's fields, stored for document-frequency counts. */
export function chunkTerms(fields: ReturnType<typeof chunkFields>): string[] {
  return [...new Set([...fields.title, ...fields.heading, ...fields.body])];
}

export function toQdrantPoint(point: IndexPoint, fields: ReturnType<typeof chunkFields>, sparse: SparseVector) {
  const payload: Payload = { ...point.payload, text: point.text, terms: chunkTerms(fields), folders: foldersOf(point.payload.path) };
  return { id: point.id, vector: { [DENSE]: Array.from(point.vector), [SPARSE]: sparse }, payload: payload as unknown as Record<string, unknown> };
}

/** The payload that replaces a chunk's in a payload update: the stored text travels along, as the payload is overwritten whole. */
export function replacementPayload(text: string, payload: ChunkPayload): Record<string, unknown> {
  return { ...payload, text, terms: chunkTerms(chunkFields(text, payload)), folders: foldersOf(payload.path) };
}

export function toStored(record: QdrantRecord): StoredPoint {
  const { text, terms: _terms, folders: _folders, ...payload } = (record.payload ?? {}) as unknown as Payload;
  return { id: String(record.id), text, payload: payload };
}

/** The chunks of one document. */
export function documentFilter(docId: string) {
  return { must: [{ key: 'doc_id', match: { value: docId } }] };
}

export function toFilter(filter: QueryFilter | undefined): QdrantFilter | undefined {
  const must: unknown[] = [];
  // `any` lists are sets in Qdrant's schema (uniqueItems); an empty list must match nothing.
  const any = (key: string, values: string[]) => must.push({ key, match: { any: values.length ? [...new Set(values)] : ['\u0000'] } });
  if (filter?.docIds) any('doc_id', filter.docIds);
  if (filter?.roots) any('root', filter.roots);
  if (filter?.fileTypes) any('file_type', filter.fileTypes);
  if (filter?.languages) {
    const languages = filter.languages;
    // A chunk stored before languages were has none: it is undetermined ('und').
    must.push(
      languages.includes('und')
        ? { should: [{ key: 'language', match: { any: [...new Set(languages)] } }, { is_empty: { key: 'language' } }] }
        : { key: 'language', match: { any: languages.length ? [...new Set(languages)] : ['\u0000'] } },
    );
  }
  if (filter?.sourceTypes) any('source_type', filter.sourceTypes);
  if (filter?.tags?.length) any('tags', filter.tags);
  // A folder ("handbook/" or "handbook") or one file's path; on the embedded index any string prefix.
  if (filter?.pathPrefix) {
    const prefix = filter.pathPrefix;
    const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
    must.push(
      prefix.endsWith('/')
        ? { key: 'folders', match: { value: folder } }
        : {
            should: [
              { key: 'folders', match: { value: folder } },
              { key: 'path', match: { value: prefix } },
            ],
          },
    );
  }
  const mustNot = accessConditions(filter?.access);
  if (!must.length && !mustNot.length) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}

/** What the viewer may not read, as must_not conditions: documents under hidden folders, hidden reviewed answers. */
function accessConditions(access: AccessFilter | undefined): unknown[] {
  if (!access) return [];
  const out: unknown[] = [];
  const isDocument = { key: 'source_type', match: { value: 'document' } };
  const folders = access.excludeFolders.map(({ root, folder }) => [
    ...(root !== null ? [{ key: 'root', match: { value: root } }] : []),
    ...(folder ? [{ key: 'folders', match: { value: folder } }] : []),
  ]);
  // A hidden folder that is every root's top hides every document.
  if (folders.some((conditions) => conditions.length === 0)) out.push(isDocument);
  else if (folders.length) out.push({ must: [isDocument], should: folders.map((conditions) => ({ must: conditions })) });
  if (access.excludeDocIds.length) out.push({ key: 'doc_id', match: { any: [...new Set(access.excludeDocIds)] } });
  return out;
}

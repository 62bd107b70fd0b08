import fs from 'node:fs';
import path from 'node:path';
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors';
import { requeueDocument } from '../jobs';
import { type SourceFormat, renderSource } from '../render/source-html';
import type { Services } from '../services';
import type { CanRead } from '../spaces/spaces';

export const DOCUMENT_ID = /^[0-9a-f]{32}$/;

export interface DocumentView {
  id: string;
  path: string;
  title: string | null;
  fileType: string | null;
  status: string;
  /** Why it is quarantined, in words its owner can act on (null otherwise). */
  reason: string | null;
  detail: string | null;
  /** The file as last seen, and the version the index holds: equal once a new version is searchable. */
  sha256: string | null;
  indexedSha256: string | null;
  text: string;
  /** The text as sanitised HTML for the viewer (Markdown rendered, anything else escaped). */
  html: string;
  format: SourceFormat;
  chunks: { start: number; end: number; page: number | null; heading: string | null }[];
}

/** A document the asker may read; one they may not is "not found" too, so its existence is not revealed either. */
function registered(services: Services, id: string, canRead: CanRead) {
  if (!DOCUMENT_ID.test(id)) throw new InvalidRequestError('invalid_document_id', 'A document id is 32 hexadecimal characters.');
  const doc = services.registry.get(id);
  if (!doc || doc.status === 'deleted' || !canRead(doc)) throw new NotFoundError('not_found', 'There is no such document.');
  return doc;
}

/**
 * A document's indexed text for the citation viewer, rebuilt from its chunks at their offsets
 * (so it is exactly what was searched), with its rendering as sanitised HTML.
 */
export async function documentView(services: Services, id: string, canRead: CanRead): Promise<DocumentView> {
  const doc = registered(services, id, canRead);
  const points = (await services.index.listDocumentPoints(id)).sort((a, b) => a.payload.char_start - b.payload.char_start);
  let text = '';
  for (const point of points) {
    const { char_start: start } = point.payload;
    // Chunks are trimmed, so a gap was whitespace: a line break, or a blank line between blocks
    // (Markdown needs it to keep "## Vacation" a heading). Its full length keeps offsets exact.
    const gap = start - text.length;
    if (gap > 0) text += gap === 1 ? '\n' : `${' '.repeat(gap - 2)}\n\n`;
    const overlap = text.length - start;
    text += overlap > 0 ? point.text.slice(Math.min(overlap, point.text.length)) : point.text;
  }
  return {
    id,
    path: doc.path,
    title: doc.title,
    fileType: doc.fileType,
    status: doc.status,
    reason: doc.reason,
    detail: doc.detail,
    sha256: doc.sha256,
    indexedSha256: doc.indexedSha256,
    text,
    ...renderSource(text, doc.fileType),
    chunks: points.map((point) => ({ start: point.payload.char_start, end: point.payload.char_end, page: point.payload.page, heading: point.payload.heading })),
  };
}

/**
 * The original file of a document, by id only: the path comes from the registry and must resolve
 * inside its watched folder (a link or a `..` cannot lead elsewhere).
 */
export function sourceFile(services: Services, id: string, canRead: CanRead): { file: string; fileType: string | null; name: string } {
  const doc = registered(services, id, canRead);
  const root = fs.realpathSync(doc.root);
  let file: string;
  try {
    file = fs.realpathSync(path.join(root, doc.path));
  } catch {
    throw new NotFoundError('not_found', 'The file is no longer in the watched folder.');
  }
  if (!file.startsWith(root + path.sep)) throw new ForbiddenError('outside_root', 'That file is outside the watched folder.');
  return { file, fileType: doc.fileType, name: path.basename(doc.path) };
}

/** Asks the pipeline (in whichever process runs it) to read a quarantined document again. */
export function requestRetry(services: Services, id: string) {
  const doc = registered(services, id, () => true);
  if (doc.status !== 'quarantined') throw new ConflictError('not_quarantined', `${doc.path} is ${doc.status}, not quarantined.`);
  requeueDocument(services.registry, services.jobs, doc);
  return services.registry.get(id)!;
}

// What the chat page's upload list shows for each file, and how it learns it: the upload itself
// (XHR, for its progress events), then the document's state as GET /api/documents/:id reports it.

import type { UploadOptions, UploadResult } from '@/lib/uploads/uploads';
import type { DocumentView } from '@/lib/web/documents';

export type UploadStage = 'uploading' | 'waiting' | 'indexing' | 'searchable' | 'quarantined' | 'added' | 'exists' | 'failed';

export interface UploadItem {
  key: string;
  file: File;
  folder: string;
  stage: UploadStage;
  /** Upload progress, 0-100, while uploading. */
  percent: number;
  /** What went wrong, or why the document was quarantined. */
  message: string | null;
  /** The name the server wrote it under (it may have been cleaned up). */
  path: string | null;
  docId: string | null;
  sha256: string | null;
}

export type { UploadOptions };

/** A document as GET /api/documents/:id returns it, as far as progress cares. */
export type DocumentState = Pick<DocumentView, 'status' | 'detail' | 'sha256' | 'indexedSha256'>;

/** The PUT's answer; `readable` false: a contributor who may not read the folder cannot follow its progress. */
export type Uploaded = Pick<UploadResult, 'docId' | 'path' | 'sha256' | 'readable'>;

export const folderLabel = (folder: string) => folder || 'Top folder';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why a file cannot be sent at all (the server checks the same, and more); null when it may be. */
export function refusal(file: File, options: UploadOptions): string | null {
  const extension = /\.[^.]+$/.exec(file.name)?.[0]?.toLowerCase() ?? '';
  if (!options.extensions.includes(extension)) return `Docent does not read ${extension || 'extension-less'} files.`;
  if (file.size > options.maxBytes) return `The file is ${megabytes(file.size)}, over the ${megabytes(options.maxBytes)} limit.`;
  if (file.size === 0) return 'The file is empty.';
  return null;
}

/**
 * Where a sent file stands, from its document's state (null: the watcher has not registered it
 * yet). The hash tells this upload's version from an older file of the same name, which may be
 * indexed already.
 */
export function stageOf(doc: DocumentState | null, sha256: string): { stage: UploadStage; message: string | null } {
  if (!doc || doc.sha256 !== sha256) return { stage: 'waiting', message: null };
  if (doc.status === 'quarantined') return { stage: 'quarantined', message: doc.detail ?? 'The document could not be read.' };
  if (doc.status === 'duplicate') return { stage: 'searchable', message: 'The same file is already indexed under another name.' };
  if (doc.status === 'indexed' && doc.indexedSha256 === sha256) return { stage: 'searchable', message: null };
  return { stage: 'indexing', message: null };
}

/** The error a JSON error body names; empty for any other body (a proxy's error page). */
function serverError(text: string): { code?: string; message?: string } {
  try {
    return (JSON.parse(text) as { error?: { code?: string; message?: string } }).error ?? {};
  } catch {
    return {};
  }
}

/** The server's message, or one naming the status when it sent none. */
const messageOf = (status: number, text: string) =>
  serverError(text).message ?? (status === 401 ? 'Your session has ended. Sign in again.' : `The server answered ${status}.`);

export class UploadRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one file as the raw body of PUT /api/uploads, reporting progress; rejects with the server's reason. */
export function sendFile(item: UploadItem, overwrite: boolean, onProgress: (percent: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ folder: item.folder, name: item.file.name, ...(overwrite ? { overwrite: '1' } : {}) });
    xhr.open('PUT', `/api/uploads?${query}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status === 201) return resolve(JSON.parse(xhr.responseText) as Uploaded);
      reject(new UploadRejected(xhr.status, serverError(xhr.responseText).code ?? null, messageOf(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new UploadRejected(0, null, 'The upload failed: could not reach the server.'));
    xhr.onabort = () => reject(new UploadRejected(0, null, 'The upload was cancelled.'));
    xhr.send(item.file);
  });
}

/** The document's state now; null while the watcher has not registered it (404). */
export async function documentState(docId: string): Promise<DocumentState | null> {
  const response = await fetch(`/api/documents/${docId}`, { cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(messageOf(response.status, await response.text()));
  return (await response.json()) as DocumentState;
}

import fsp from 'node:fs/promises';
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../../ingest/file-types';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors';
import { documentId } from '../ids';
import type { SpaceAccess } from '../spaces/access';
import type { Viewer } from '../spaces/principals';
import { checkFileType, sanitiseFileName } from './file-name';
import { contributableFolders, targetDirectory } from './folders';
import { fileExists, tooLarge, writeUploadedFile } from './write-file';

// Documents added from the chat page. The watched folder stays the source of truth: the file is
// written there, all or nothing, and the watcher ingests it like any other.

export interface UploadContext {
  /** The watched root (links resolved, as the watcher records it); null when it does not exist. */
  root: string | null;
  access: SpaceAccess;
  maxBytes: number;
  log: (message: string) => void;
}

export interface UploadRequest {
  viewer: Viewer;
  /** Who uploads, for the log. */
  who: string;
  folder: string;
  name: string;
  overwrite: boolean;
  /** The Content-Length the client declared, if any: checked first, and never trusted alone. */
  declaredBytes: number | null;
  body: ReadableStream<Uint8Array> | null;
}

export interface UploadResult {
  /** The document's id once the watcher has it: the client follows it to "searchable" or its quarantine reason. */
  docId: string;
  path: string;
  folder: string;
  name: string;
  bytes: number;
  sha256: string;
  replaced: boolean;
  /** Whether the uploader may read it once indexed: a contributor who may not cannot follow its progress. */
  readable: boolean;
}

/** Where the viewer may add documents, and what the server accepts (GET /api/uploads). */
export interface UploadOptions {
  folders: string[];
  maxBytes: number;
  extensions: string[];
}

export async function uploadOptions(context: UploadContext, viewer: Viewer): Promise<UploadOptions> {
  const folders = context.root ? await contributableFolders(context.root, context.access, viewer) : [];
  return { folders, maxBytes: context.maxBytes, extensions: SUPPORTED_EXTENSIONS };
}

/** What is at `file` now: nothing, a file (which overwrite may replace), or something else, which it may not. */
async function existing(file: string): Promise<'none' | 'file' | 'other'> {
  try {
    return (await fsp.lstat(file)).isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

/**
 * Checks everything that can be checked before a byte is written (rights, folder, name, type,
 * declared size, an existing file), then writes the file; the size is counted again as it arrives.
 */
export async function receiveUpload(context: UploadContext, request: UploadRequest): Promise<UploadResult> {
  if (!context.root) throw new NotFoundError('no_watched_folder', 'The watched folder does not exist yet: start the watcher first.');
  const { folder, directory } = await targetDirectory(context.root, request.folder, context.access, request.viewer);
  const name = sanitiseFileName(request.name);
  checkFileType(name);
  if (request.declaredBytes !== null && request.declaredBytes > context.maxBytes) throw tooLarge(context.maxBytes);
  if (!request.body || request.declaredBytes === 0) throw new InvalidRequestError('empty_file', 'The file is empty: there is nothing to add.');
  const before = await existing(path.join(directory, name));
  if (before === 'other') throw new ConflictError('name_taken', `"${name}" is already a folder or a link there, not a file that could be replaced.`);
  if (before === 'file' && !request.overwrite) throw fileExists(name);
  const written = await writeUploadedFile(request.body, { directory, name, overwrite: request.overwrite, maxBytes: context.maxBytes });
  const relative = `${folder}${name}`;
  context.log(`docent: ${request.who} added ${relative} from the chat page (${written.bytes} bytes${before === 'file' ? ', replacing the file there' : ''}).`);
  return {
    docId: documentId(context.root, relative),
    path: relative,
    folder,
    name,
    bytes: written.bytes,
    sha256: written.sha256,
    replaced: before === 'file',
    readable: context.access.canReadDocument(request.viewer, context.root, relative),
  };
}

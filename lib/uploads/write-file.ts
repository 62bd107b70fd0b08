import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, DocentError, PayloadTooLargeError, UploadFailedError, describeError } from '../errors';

/** Uploads are received under this prefix (and a .part suffix): the watcher ignores both, so it never reads half a file. */
export const TEMP_PREFIX = '.docent-upload-';

export interface Written {
  file: string;
  bytes: number;
  sha256: string;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const tooLarge = (maxBytes: number) => new PayloadTooLargeError(`The file is larger than the ${megabytes(maxBytes)} limit for adding documents.`);

export const fileExists = (name: string) =>
  new ConflictError('file_exists', `A file named "${name}" is already in that folder; send it again with overwrite to replace it.`);

/** Reads the next chunk; a stream that fails is the client going away (or its connection dropping). */
async function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | null> {
  try {
    const { done, value } = await reader.read();
    return done ? null : value;
  } catch (error) {
    throw new UploadFailedError('upload_aborted', 'The upload stopped before the whole file arrived; nothing was kept.', error);
  }
}

/** Streams the body into `temp`, counting bytes as they come (a declared length may lie), and syncs it to disk. */
async function receive(body: ReadableStream<Uint8Array>, temp: string, maxBytes: number): Promise<Omit<Written, 'file'>> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const handle = await fsp.open(temp, 'wx');
  const reader = body.getReader();
  try {
    for (let chunk = await nextChunk(reader); chunk; chunk = await nextChunk(reader)) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      hash.update(chunk);
      await handle.write(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Moves the received file to its name. Without overwrite it is linked there, which fails when the
 * name exists — a file that appeared since the check is never clobbered; with overwrite it is
 * renamed over the old one, so readers see the old file or the new one, never a mix.
 */
async function place(temp: string, file: string, overwrite: boolean): Promise<void> {
  if (overwrite) return fsp.rename(temp, file);
  try {
    await fsp.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(path.basename(file));
    throw error;
  }
  await fsp.unlink(temp);
}

// The disk's problems are the user's to fix and are said as such; the raw error would name server paths.
const STORAGE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the folder is on a read-only disk',
  EIO: 'the disk reported an I/O error',
};

function uploadError(error: unknown): DocentError {
  if (DocentError.isInstance(error)) return error;
  const problem = STORAGE_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  if (problem) return new UploadFailedError('upload_storage', `The file could not be written: ${problem}. Nothing was kept.`, error);
  // Answered as a 500: logged with its cause, the client told only that something went wrong.
  return new UploadFailedError('upload_failed', `The file could not be written: ${describeError(error)}`, error);
}

/**
 * Writes an uploaded file into `directory` as `name`, all or nothing: the body goes to a temporary
 * file the watcher ignores, is synced, and only then takes its name. Any failure (the limit, the
 * client going away, the disk) removes the temporary file and throws a DocentError.
 */
export async function writeUploadedFile(
  body: ReadableStream<Uint8Array>,
  target: { directory: string; name: string; overwrite: boolean; maxBytes: number },
): Promise<Written> {
  const file = path.join(target.directory, target.name);
  const temp = path.join(target.directory, `${TEMP_PREFIX}${crypto.randomUUID()}.part`);
  try {
    const received = await receive(body, temp, target.maxBytes);
    await place(temp, file, target.overwrite);
    return { file, ...received };
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw uploadError(error);
  }
}

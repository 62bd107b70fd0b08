import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isIgnoredName } from '../../ingest/file-types';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../errors';
import { type SpaceAccess, normaliseFolder } from '../spaces/access';
import type { Viewer } from '../spaces/principals';

/** A watched tree can be large: the upload form lists at most this many folders, and walks no deeper. */
const MAX_FOLDERS = 1000;
const MAX_DEPTH = 12;

/** The watched root as the watcher records documents under it (links resolved); null when it does not exist yet. */
export function watchedRoot(watchDir: string): string | null {
  try {
    return fs.realpathSync(watchDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Every folder of the watched tree the viewer may add documents to ("" is the root itself), in
 * tree order. Links are not followed and folders the watcher skips (hidden ones) are left out:
 * a file put there would never be read.
 */
export async function contributableFolders(root: string, access: SpaceAccess, viewer: Viewer): Promise<string[]> {
  const folders: string[] = [];
  if (!access.contributesSomewhere(viewer)) return folders;
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (folders.length >= MAX_FOLDERS) return;
    if (access.canContribute(viewer, root, folder)) folders.push(folder);
    if (depth >= MAX_DEPTH) return;
    const entries = await fsp.readdir(path.join(root, folder), { withFileTypes: true });
    const children = entries.filter((entry) => entry.isDirectory() && !isIgnoredName(entry.name)).map((entry) => entry.name);
    for (const child of children.sort((a, b) => a.localeCompare(b))) await walk(`${folder}${child}/`, depth + 1);
  };
  await walk('', 0);
  return folders;
}

/**
 * The directory an upload into `folder` is written to, once the viewer may contribute there: a real
 * folder of the watched tree (no "..", no link leading elsewhere, none the watcher skips).
 */
export async function targetDirectory(root: string, folder: string, access: SpaceAccess, viewer: Viewer): Promise<{ folder: string; directory: string }> {
  const normalised = normaliseFolder(folder);
  if (normalised === null) throw new InvalidRequestError('invalid_folder', `The folder "${folder}" leaves the watched folder ("..").`);
  if (!access.canContribute(viewer, root, normalised))
    throw new ForbiddenError(
      'not_contributor',
      `You may not add documents to ${normalised || 'the top of the watched folder'}: ask an admin to name you a contributor of its space.`,
    );
  if (normalised.split('/').some((part) => part && isIgnoredName(part)))
    throw new InvalidRequestError('invalid_folder', `The watcher skips ${normalised}: documents added there would never be read.`);
  const directory = path.join(root, normalised);
  let real: string;
  try {
    real = await fsp.realpath(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NotFoundError('folder_not_found', `There is no folder ${normalised} in the watched folder.`);
    throw error;
  }
  // A link anywhere on the way would put the file somewhere else than the folder it was allowed for.
  if (real !== path.resolve(root, normalised)) throw new ForbiddenError('outside_root', `${normalised} leads outside the watched folder (a link).`);
  if (!(await fsp.stat(real)).isDirectory()) throw new NotFoundError('folder_not_found', `${normalised} is not a folder.`);
  return { folder: normalised, directory: real };
}

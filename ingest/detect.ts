import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import { fileSha256 } from '../lib/ids';
import { documentId } from '../lib/ids';
import type { JobOrigin, JobQueue } from '../lib/jobs';
import type { Registry } from '../lib/registry';
import { fileTypeOf, isIgnoredName } from './file-types';

export { isIgnoredName };

/** True when any segment of the path below `root` is ignored (a file inside a hidden folder, too). */
export function isIgnoredPath(root: string, absolutePath: string): boolean {
  const relative = path.relative(root, absolutePath);
  if (!relative || relative.startsWith('..')) return false;
  return relative.split(path.sep).some(isIgnoredName);
}

export function toRelative(root: string, absolutePath: string): string {
  return path.relative(root, absolutePath).split(path.sep).join('/');
}

export type EntryKind = 'file' | 'symlink' | 'fifo' | 'socket' | 'device' | 'unreadable_name';

export interface ScannedEntry {
  relativePath: string;
  kind: EntryKind;
  size: number;
  mtimeMs: number;
}

/** What a directory entry is, from lstat (links are not followed). */
export function kindOf(stats: fs.Stats): EntryKind | 'directory' {
  if (stats.isDirectory()) return 'directory';
  if (stats.isFile()) return 'file';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isSocket()) return 'socket';
  return 'device';
}

/** Why an entry that is not a regular file is quarantined, in words its owner can act on. */
export const IRREGULAR_DETAIL: Record<Exclude<EntryKind, 'file'>, string> = {
  symlink: 'A symbolic link: Docent does not follow links (copy the file into the folder instead).',
  fifo: 'A named pipe (FIFO), not a document.',
  socket: 'A socket, not a document.',
  device: 'A device file, not a document.',
  unreadable_name: 'The file name is not valid UTF-8, so it cannot be opened reliably: rename the file.',
};

/**
 * Lists what is under `root` without following links. Names are read as bytes: a name that is
 * not valid UTF-8 cannot be opened through a JavaScript string, so it is reported, not skipped.
 */
export async function scanFolder(root: string): Promise<ScannedEntry[]> {
  const out: ScannedEntry[] = [];
  const walk = async (directory: string) => {
    let names: Buffer[];
    try {
      names = await fsp.readdir(directory, { encoding: 'buffer' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const raw of names) {
      const name = raw.toString('utf8');
      if (isIgnoredName(name)) continue;
      const absolute = path.join(directory, name);
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        out.push({ relativePath: toRelative(root, absolute), kind: 'unreadable_name', size: 0, mtimeMs: 0 });
        continue;
      }
      let stats: fs.Stats;
      try {
        stats = await fsp.lstat(absolute);
      } catch {
        continue; // vanished between readdir and lstat: the watcher will report it
      }
      const kind = kindOf(stats);
      if (kind === 'directory') await walk(absolute);
      else out.push({ relativePath: toRelative(root, absolute), kind, size: stats.size, mtimeMs: stats.mtimeMs });
    }
  };
  await walk(root);
  return out.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

export interface ReconcileSummary {
  scanned: number;
  added: number;
  changed: number;
  deleted: number;
  unchanged: number;
  irregular: number;
}

/**
 * The start-up reconciliation: compares the folder with the registry (size and mtime, then
 * sha256 when those differ) and enqueues whatever changed while Docent was not watching.
 * Only documents under this root are considered.
 */
export async function reconcileFolder(args: {
  root: string;
  registry: Registry;
  jobs: JobQueue;
  renameGraceMs: number;
  onIrregular: (entry: ScannedEntry, docId: string) => void;
  /** `startup` for the scan at start: what it queues is the catch-up backlog. */
  origin?: JobOrigin;
}): Promise<ReconcileSummary> {
  const { root, registry, jobs, origin } = args;
  registry.touchRoot(root);
  // Smaller files first: on a first sync more documents become searchable sooner.
  const entries = (await scanFolder(root)).sort((a, b) => a.size - b.size);
  const summary: ReconcileSummary = { scanned: entries.length, added: 0, changed: 0, deleted: 0, unchanged: 0, irregular: 0 };
  const known = new Map(registry.listByRoot(root).map((doc) => [doc.path, doc]));
  const seen = new Set<string>();
  for (const entry of entries) {
    seen.add(entry.relativePath);
    const docId = documentId(root, entry.relativePath);
    if (entry.kind !== 'file') {
      summary.irregular += 1;
      args.onIrregular(entry, docId);
      continue;
    }
    const doc = known.get(entry.relativePath);
    const queued = jobs.get(docId);
    if (!doc || doc.status === 'deleted' || (doc.status === 'pending' && !queued)) {
      registry.save(docId, { root, path: entry.relativePath, status: 'pending', size: entry.size, mtimeMs: entry.mtimeMs });
      jobs.enqueue({ docId, root, path: entry.relativePath, kind: 'upsert', origin });
      summary.added += 1;
      continue;
    }
    if (queued) {
      // An intent left by a crash or an earlier run: make sure it is the right one.
      if (queued.kind !== 'upsert') jobs.enqueue({ docId, root, path: entry.relativePath, kind: 'upsert', origin });
      summary.changed += 1;
      continue;
    }
    if (doc.size === entry.size && doc.mtimeMs === entry.mtimeMs) {
      summary.unchanged += 1;
      continue;
    }
    const sha = await fileSha256(path.join(root, entry.relativePath)).catch(() => null);
    if (sha !== null && sha === doc.sha256) {
      registry.save(docId, { root, path: entry.relativePath, size: entry.size, mtimeMs: entry.mtimeMs });
      summary.unchanged += 1;
      continue;
    }
    jobs.enqueue({ docId, root, path: entry.relativePath, kind: 'upsert', origin });
    summary.changed += 1;
  }
  for (const doc of known.values()) {
    if (seen.has(doc.path) || doc.status === 'deleted') continue;
    // Deletes wait a moment so that a file renamed while Docent was down is moved, not re-embedded.
    jobs.enqueue({ docId: doc.id, root, path: doc.path, kind: 'delete', delayMs: args.renameGraceMs, origin });
    summary.deleted += 1;
  }
  return summary;
}

export type WatchEvent =
  | { type: 'upsert' | 'delete'; relativePath: string }
  | { type: 'delete_dir'; relativePath: string }
  /** Something changed that chokidar does not report as a file: the folder scan has to find it. */
  | { type: 'rescan'; name: string };

/**
 * Watches `root` recursively. Writes in progress are awaited (awaitWriteFinish), editor and
 * office temp files ignored, links not followed. Resolves once the initial crawl is done, so a
 * reconciliation started afterwards cannot miss a file created in between.
 */
export async function watchFolder(args: {
  root: string;
  stabilityMs: number;
  pollMs: number;
  onEvent: (event: WatchEvent) => void;
  /** Called on the first sign of a change, before the write has settled and the event for it comes. */
  onActivity?: () => void;
  onError: (error: unknown) => void;
}): Promise<FSWatcher> {
  const watcher = chokidar.watch(args.root, {
    ignored: (file: string) => isIgnoredPath(args.root, file),
    ignoreInitial: true,
    followSymlinks: false,
    persistent: true,
    awaitWriteFinish: args.stabilityMs > 0 ? { stabilityThreshold: args.stabilityMs, pollInterval: args.pollMs } : false,
  });
  const relative = (file: string) => toRelative(args.root, file);
  watcher.on('add', (file) => args.onEvent({ type: 'upsert', relativePath: relative(file) }));
  watcher.on('change', (file) => args.onEvent({ type: 'upsert', relativePath: relative(file) }));
  watcher.on('unlink', (file) => args.onEvent({ type: 'delete', relativePath: relative(file) }));
  watcher.on('unlinkDir', (file) => args.onEvent({ type: 'delete_dir', relativePath: relative(file) }));
  // chokidar drops what it cannot stat as a file: a name that is not UTF-8 (it arrives with
  // U+FFFD and so names no file) and a symlink loop. The raw event still comes, and the folder
  // scan, which reads names as bytes and does not follow links, gives them a status.
  watcher.on('raw', (_event, name, details) => {
    if (typeof name !== 'string' || !name || isIgnoredPath(args.root, path.join(args.root, name))) return;
    // Only a file Docent reads is worth starting workers for (not a database or a log written all day).
    if (fileTypeOf(name)) args.onActivity?.();
    if (name.includes('\uFFFD')) return args.onEvent({ type: 'rescan', name });
    const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (!watched) return;
    const entry = path.join(watched, name);
    fsp.lstat(entry).then(
      async (stats) => {
        const resolves = await fsp.stat(entry).then(
          () => true,
          () => false,
        );
        if (stats.isSymbolicLink() && !resolves) args.onEvent({ type: 'rescan', name });
      },
      // Gone again already (a temp file): its own unlink event, if any, says what happened.
      () => undefined,
    );
  });
  watcher.on('error', args.onError);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}

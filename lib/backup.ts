import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { openDatabase } from './db';
import { DocentError } from './errors';
import { Registry } from './registry';
import { servingGeneration } from './vector-index/generations';
import { openIndex } from './vector-index/open-index';

export interface BackupManifest {
  format: 'docent-backup-1';
  created_at: string;
  generation: string | null;
  backend: string | null;
  documents: number;
  files: string[];
  qdrant_snapshots: { collection: string; file: string; size: number }[];
}

const DATABASE = 'docent.db';
// SQLite's own side files are never copied: the online backup already holds their contents.
const SKIPPED = new Set([DATABASE, `${DATABASE}-wal`, `${DATABASE}-shm`, `${DATABASE}-journal`]);

function isEmptyDirectory(folder: string): boolean {
  return !fs.existsSync(folder) || fs.readdirSync(folder).length === 0;
}

/** Copies everything in the data directory but the database itself (secrets, passwords, eval set). */
function copyFiles(from: string, to: string): string[] {
  const copied: string[] = [];
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name === 'backup-manifest.json') continue;
    fs.cpSync(path.join(from, entry.name), path.join(to, entry.name), { recursive: true });
    copied.push(entry.name);
  }
  return copied;
}

/**
 * A consistent copy of the data directory: SQLite's online backup (safe while the watcher and the
 * web app write), the other files of the directory, and with Qdrant a snapshot of the serving
 * collection downloaded next to them.
 */
export async function backup(config: Config, target: string): Promise<BackupManifest> {
  if (!isEmptyDirectory(target)) throw new DocentError('backup_target_not_empty', `${target} is not empty; back up into a new or empty folder.`);
  if (!fs.existsSync(config.databasePath)) throw new DocentError('backup_nothing', `There is no Docent database at ${config.databasePath}.`);
  fs.mkdirSync(target, { recursive: true });
  const db = openDatabase(config.dataDir);
  try {
    await db.backup(path.join(target, DATABASE));
    const serving = servingGeneration(db);
    const documents = serving ? new Registry(db, serving.name).liveCount() : 0;
    const files = copyFiles(config.dataDir, target);
    const snapshots: BackupManifest['qdrant_snapshots'] = [];
    // The embedded index is inside the database backup; Qdrant adds a snapshot of the collection.
    const copy = serving ? await (await openIndex(config, db, serving)).backupInto(target) : null;
    if (serving && copy) snapshots.push({ collection: serving.name, ...copy });
    const manifest: BackupManifest = {
      format: 'docent-backup-1',
      created_at: new Date().toISOString(),
      generation: serving?.name ?? null,
      backend: serving?.backend ?? null,
      documents,
      files,
      qdrant_snapshots: snapshots,
    };
    fs.writeFileSync(path.join(target, 'backup-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    db.close();
  }
}

/** Restores a backup into an empty data directory (and its Qdrant snapshot into Qdrant). */
export async function restore(config: Config, source: string): Promise<BackupManifest> {
  const manifestFile = path.join(source, 'backup-manifest.json');
  if (!fs.existsSync(manifestFile)) throw new DocentError('restore_not_a_backup', `${source} is not a Docent backup (no backup-manifest.json).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== 'docent-backup-1') throw new DocentError('restore_unknown_format', `Unknown backup format ${String(manifest.format)}.`);
  if (!isEmptyDirectory(config.dataDir)) {
    throw new DocentError('restore_target_not_empty', `The data directory ${config.dataDir} is not empty; restore into an empty one (set DOCENT_DATA_DIR).`);
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.copyFileSync(path.join(source, DATABASE), config.databasePath);
  for (const name of manifest.files) fs.cpSync(path.join(source, name), path.join(config.dataDir, name), { recursive: true });
  if (manifest.qdrant_snapshots.length && !config.qdrant) {
    throw new DocentError(
      'qdrant_not_configured',
      `The backup holds a Qdrant snapshot of ${manifest.qdrant_snapshots[0]!.collection}; set QDRANT_URL to restore it.`,
    );
  }
  // Opening runs any migration the restored database needs and proves it is readable.
  const db = openDatabase(config.dataDir);
  try {
    const serving = servingGeneration(db);
    if (serving && manifest.qdrant_snapshots.length) {
      const index = await openIndex(config, db, serving);
      for (const snapshot of manifest.qdrant_snapshots) await index.restoreFrom(source, snapshot.file);
      // A snapshot brings the collection back but not the alias that names it (aliases are the
      // server's, not the collection's): the restored serving generation claims it again.
      await index.claimServing();
    }
  } finally {
    db.close();
  }
  return manifest;
}

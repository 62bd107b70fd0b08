import fs from 'node:fs';
import path from 'node:path';
import { DocentError } from '../errors';
import type { QdrantCollection } from './qdrant-collection';
import { UNCOMPRESSED } from './qdrant-client';
import type { BackupFile } from './types';

/** Creates a snapshot of the collection on the server (it stays in Qdrant's snapshot folder). */
export async function createSnapshot(collection: QdrantCollection): Promise<{ name: string; size: number } | null> {
  await collection.ensureReady();
  const snapshot = await collection.call('create a snapshot', () => collection.client.createSnapshot(collection.name, { wait: true }));
  return snapshot ? { name: snapshot.name, size: snapshot.size } : null;
}

/**
 * A snapshot file's transfer, which the REST client does not do: plain fetch, failures shaped like
 * the client's (status and data) so `collection.call` maps them as it maps every Qdrant call.
 */
function transfer(collection: QdrantCollection, what: string, pathname: string, init: RequestInit = {}): Promise<Response> {
  const { url, apiKey } = collection.options;
  return collection.call(what, async () => {
    // Uncompressed, as every Qdrant call: asked for gzip, Qdrant compresses a whole snapshot on the fly.
    const response = await fetch(new URL(pathname, url), { ...init, headers: { ...UNCOMPRESSED, ...(apiKey ? { 'api-key': apiKey } : {}) } });
    if (!response.ok)
      throw Object.assign(new Error(`Qdrant answered ${response.status} to ${pathname}`), { status: response.status, data: await response.text() });
    return response;
  });
}

async function download(collection: QdrantCollection, snapshot: string): Promise<Buffer> {
  const pathname = `/collections/${encodeURIComponent(collection.name)}/snapshots/${encodeURIComponent(snapshot)}`;
  return Buffer.from(await (await transfer(collection, 'download a snapshot', pathname)).arrayBuffer());
}

/**
 * A snapshot of the collection, downloaded to `qdrant/<collection>.snapshot` under `folder`. The
 * server's copy is deleted once downloaded (or not): Qdrant keeps every snapshot until told, even
 * after the collection is dropped, so each backup would otherwise leave a full copy on its disk.
 */
export async function snapshotInto(collection: QdrantCollection, folder: string): Promise<BackupFile> {
  const snapshot = await createSnapshot(collection);
  if (!snapshot) throw new DocentError('backup_snapshot_failed', `Qdrant did not create a snapshot of ${collection.name}.`);
  let bytes: Buffer;
  try {
    bytes = await download(collection, snapshot.name);
  } finally {
    await collection.call('delete the snapshot', () => collection.client.deleteSnapshot(collection.name, snapshot.name, { wait: true })).catch(() => undefined);
  }
  const file = path.join('qdrant', `${collection.name}.snapshot`);
  fs.mkdirSync(path.join(folder, 'qdrant'), { recursive: true });
  fs.writeFileSync(path.join(folder, file), bytes);
  return { file, size: fs.statSync(path.join(folder, file)).size };
}

/**
 * Recreates the collection from a snapshot `backupInto` wrote. Qdrant keeps the uploaded file among
 * the collection's snapshots; the backup is the copy, so the server's is deleted.
 */
export async function snapshotFrom(collection: QdrantCollection, folder: string, file: string): Promise<void> {
  const name = path.basename(file);
  const form = new FormData();
  form.append('snapshot', new Blob([fs.readFileSync(path.join(folder, file))]), name);
  const collectionPath = `/collections/${encodeURIComponent(collection.name)}`;
  await transfer(collection, 'upload a snapshot', `${collectionPath}/snapshots/upload?priority=snapshot&wait=true`, { method: 'POST', body: form });
  await collection.call('delete the snapshot', () => collection.client.deleteSnapshot(collection.name, name, { wait: true })).catch(() => undefined);
}

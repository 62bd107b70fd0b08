import fs from 'node:fs';
import path from 'node:path';
import { DocentError } from '../errors';
import type { QdrantCollection } from './qdrant-collection';
import type { BackupFile } from './types';

/** Creates a snapshot of the collection on the server (it stays in Qdrant's snapshot folder). */
export async function createSnapshot(collection: QdrantCollection): Promise<{ name: string; size: number } | null> {
  await collection.ensureReady();
  const snapshot = await collection.call('create a snapshot', () => collection.client.createSnapshot(collection.name, { wait: true }));
  return snapshot ? { name: snapshot.name, size: snapshot.size } : null;
}

async function download(collection: QdrantCollection, snapshot: string): Promise<Buffer> {
  const { url, apiKey } = collection.options;
  const pathname = `/collections/${encodeURIComponent(collection.name)}/snapshots/${encodeURIComponent(snapshot)}`;
  return collection.call('download a snapshot', async () => {
    const response = await fetch(new URL(pathname, url), { headers: apiKey ? { 'api-key': apiKey } : {} });
    if (!response.ok)
      throw Object.assign(new Error(`Qdrant answered ${response.status} to ${pathname}`), { status: response.status, data: await response.text() });
    return Buffer.from(await response.arrayBuffer());
  });
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

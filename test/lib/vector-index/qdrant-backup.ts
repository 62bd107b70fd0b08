import { describe, expect, it } from 'vitest';
import { backup, restore } from '../../../lib/backup';
import { openDatabase } from '../../../lib/db';
import { createGeneration } from '../../../lib/vector-index/generations';
import { QdrantIndex } from '../../../lib/vector-index/qdrant-index';
import { METADATA_POINT_ID } from '../../../lib/vector-index/qdrant-metadata';
import { QdrantDouble } from '../../helpers/qdrant-double';
import { tempDir, testConfig } from '../../helpers/temp';
import { CORPUS, IDENTITY, query } from './behaviour';
import { type RequestCheck, indexOptions, rest, runDouble, uniqueName, writeCorpus } from './qdrant-harness';

/**
 * `npm run backup` and `npm run restore` with the Qdrant backend (lib/backup.ts), on the double and,
 * when QDRANT_URL names one, on a real server: found there, a snapshot stayed on the server after
 * every backup and every restore, and a restore brought the collection back without its alias.
 */
export function describeQdrantBackup(check: RequestCheck, server?: { url: string; apiKey?: string }): void {
  const double = new QdrantDouble();
  const backends = [{ title: 'the Qdrant double', double }, ...(server ? [{ title: `qdrant at ${server.url}`, double: undefined }] : [])];

  for (const backend of backends) {
    describe(`backup and restore with Qdrant: ${backend.title}`, () => {
      if (backend.double) runDouble(backend.double, () => check(backend.double, { requireRequests: true }));
      const url = () => (backend.double ? backend.double.url : server!.url);
      async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
        const answer = await rest(url(), method, path, body, server?.apiKey);
        expect(answer.status, `${method} ${path}: ${answer.error}`).toBe(200);
        return answer.result as T;
      }

      it('restores the serving collection from its snapshot with its metadata record and alias, and leaves no snapshot on the server', async () => {
        const alias = uniqueName('serving');
        const settings = () => testConfig({ QDRANT_URL: url(), QDRANT_API_KEY: server?.apiKey ?? '', DOCENT_QDRANT_ALIAS: alias });
        const config = settings();
        const db = openDatabase(config.dataDir);
        // A name unique to this run: a shared server's docent_1 may belong to someone.
        const generation = createGeneration(db, 'qdrant', IDENTITY, 'serving', uniqueName('backup'));
        const name = generation.name;
        db.close();
        const index = new QdrantIndex({ ...indexOptions(url(), name, IDENTITY, server?.apiKey), alias });
        try {
          await writeCorpus(index);
          await index.claimServing();
          const target = tempDir();
          const manifest = await backup(config, target);
          expect(manifest).toMatchObject({ generation: name, backend: 'qdrant', qdrant_snapshots: [{ collection: name }] });
          expect(await ok('GET', `/collections/${name}/snapshots`)).toEqual([]);
          // The snapshot itself comes uncompressed: asked for gzip, Qdrant compresses the whole file on the fly.
          const downloads = backend.double?.requests.filter((request) => request.method === 'GET' && /\/snapshots\/[^/]+$/.test(request.path)) ?? [];
          if (backend.double) expect(downloads.map((request) => request.acceptEncoding)).toEqual(['identity']);

          // The server loses the collection (and with it the alias); the backup goes to a new data directory.
          await ok('DELETE', `/collections/${name}`);
          await restore(settings(), target);
          const restored = new QdrantIndex(indexOptions(url(), name, IDENTITY, server?.apiKey));
          expect(await restored.count()).toBe(CORPUS.length);
          expect((await restored.query(query('gloves for kiln work')))[0]?.payload.doc_id).toBe('safety');
          const [record] = await ok<{ payload: { docent: { embedder: string } } }[]>('POST', `/collections/${name}/points`, {
            ids: [METADATA_POINT_ID],
            with_payload: true,
          });
          expect(record?.payload.docent.embedder).toBe('fake:hashed-bow:64');
          const { aliases } = await ok<{ aliases: { alias_name: string; collection_name: string }[] }>('GET', '/aliases');
          expect(aliases).toContainEqual({ alias_name: alias, collection_name: name });
          expect(await ok('GET', `/collections/${name}/snapshots`)).toEqual([]);
        } finally {
          await index.drop();
        }
      });
    });
  }
}

import path from 'node:path';
import { configWith } from '../../lib/config';
import { identityKey } from '../../lib/embedder/types';
import { documentId } from '../../lib/ids';
import { openServices } from '../../lib/services';
import { chunkDocument } from '../../ingest/chunk';
import { planChunks, tagsFor } from '../../ingest/embed';
import { extractFile } from '../../ingest/extract';
import { filesUnder } from './workspace';

export interface IndexAudit {
  files: number;
  indexed: number;
  chunks: number;
  expected_chunks: number;
  /** Files whose chunks are not exactly what a fresh ingest of their current bytes gives. */
  documents_lost_or_wrong: number;
  /** Chunks of deleted files, of replaced versions, or otherwise not expected. */
  stale_chunks: number;
  duplicate_chunks: number;
  /** Registry rows whose chunk count or status disagrees with the index. */
  registry_mismatches: number;
  /** Rows missing from the vector or full-text tables of a chunk (or extra rows there). */
  table_mismatches: number;
  pending_jobs: number;
  problems: string[];
}

/**
 * Compares the index with the folder: every current file must be indexed exactly once, with the
 * chunk ids a fresh ingest of its bytes would give (ids are deterministic), and nothing else.
 */
export async function auditIndex(dataDir: string, root: string): Promise<IndexAudit> {
  const config = configWith({ DOCENT_DATA_DIR: dataDir, DOCENT_EMBED_THREADS: '0' });
  const services = await openServices(config, { embedThreads: 0 });
  const problems: string[] = [];
  try {
    const embedderKey = identityKey(services.index.identity);
    const files = filesUnder(root);
    const expected = new Map<string, Set<string>>();
    for (const relative of files) {
      const document = await extractFile({ file: path.join(root, relative), passwords: [], maxFileBytes: config.gates.maxFileBytes, maxExpandedBytes: config.gates.maxExpandedBytes });
      const chunks = await chunkDocument(document, config.chunking);
      const docId = documentId(root, relative);
      expected.set(docId, new Set(planChunks(document, chunks, { docId, root, path: relative, tags: tagsFor(relative) }, embedderKey).map((item) => item.id)));
    }
    const { db } = services;
    const generation = services.generation.name;
    const rows = db.prepare(`select id, doc_id from chunks_${generation}`).all() as { id: string; doc_id: string }[];
    const seen = new Map<string, number>();
    let stale = 0;
    for (const row of rows) {
      seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
      if (!expected.get(row.doc_id)?.has(row.id)) {
        stale += 1;
        if (problems.length < 20) problems.push(`unexpected chunk ${row.id} of ${row.doc_id}`);
      }
    }
    let lost = 0;
    let mismatches = 0;
    for (const [docId, ids] of expected) {
      const stored = new Set(rows.filter((row) => row.doc_id === docId).map((row) => row.id));
      const doc = services.registry.get(docId);
      if (doc?.status !== 'indexed' || stored.size !== ids.size || [...ids].some((id) => !stored.has(id))) {
        lost += 1;
        if (problems.length < 20) problems.push(`${doc?.path ?? docId}: ${doc?.status ?? 'not registered'}, ${stored.size} chunks stored, ${ids.size} expected`);
      }
      if (doc && doc.chunkCount !== stored.size) mismatches += 1;
    }
    for (const doc of services.registry.list()) {
      if (expected.has(doc.id)) continue;
      const stored = rows.filter((row) => row.doc_id === doc.id).length;
      if (doc.status !== 'deleted' || doc.chunkCount !== 0 || stored !== 0) {
        mismatches += 1;
        if (problems.length < 20) problems.push(`${doc.path} is gone from the folder but the registry says ${doc.status} with ${doc.chunkCount} chunks (${stored} stored)`);
      }
    }
    const vectors = (db.prepare(`select count(*) as n from vec_${generation}`).get() as { n: number }).n;
    const terms = (db.prepare(`select count(*) as n from fts_${generation}`).get() as { n: number }).n;
    const tableMismatches = Math.abs(vectors - rows.length) + Math.abs(terms - rows.length);
    if (tableMismatches) problems.push(`${rows.length} chunk rows, ${vectors} vectors, ${terms} full-text rows`);
    return {
      files: files.length,
      indexed: services.registry.list({ status: 'indexed' }).length,
      chunks: rows.length,
      expected_chunks: [...expected.values()].reduce((sum, ids) => sum + ids.size, 0),
      documents_lost_or_wrong: lost,
      stale_chunks: stale,
      duplicate_chunks: [...seen.values()].filter((count) => count > 1).length,
      registry_mismatches: mismatches,
      table_mismatches: tableMismatches,
      pending_jobs: services.jobs.pending().length,
      problems,
    };
  } finally {
    await services.close();
  }
}

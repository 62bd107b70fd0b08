import path from 'node:path';
import { configWith } from '../../lib/config';
import { identityKey } from '../../lib/embedder/types';
import { documentId } from '../../lib/ids';
import { openServices } from '../../lib/services';
import { chunkDocument } from '../../ingest/chunk';
import { planChunks, tagsFor } from '../../ingest/embed';
import { extractFile } from '../../ingest/extract';
import type { Config } from '../../lib/config';
import { filesUnder } from './workspace';

/** A file extracted as ingestion extracts it (its size gates included), to compute what the index should hold. */
export function extractLikeIngest(config: Config, file: string) {
  return extractFile({ file, passwords: [], maxFileBytes: config.gates.maxFileBytes, maxExpandedBytes: config.gates.maxExpandedBytes });
}

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
    // How often each passage of each current file should be stored: more is a duplicate.
    const expectedPassages = new Map<string, number>();
    for (const relative of files) {
      const document = await extractLikeIngest(config, path.join(root, relative));
      const chunks = await chunkDocument(document, config.chunking);
      const docId = documentId(root, relative);
      const planned = await planChunks(document, chunks, { docId, root, path: relative, tags: tagsFor(relative) }, embedderKey);
      expected.set(docId, new Set(planned.map((item) => item.id)));
      for (const item of planned) {
        const key = `${relative}\u0000${item.payload.text_hash}`;
        expectedPassages.set(key, (expectedPassages.get(key) ?? 0) + 1);
      }
    }
    const { db } = services;
    const generation = services.generation.name;
    const rows = db.prepare(`select id, doc_id, root, path, text_hash from chunks_${generation}`).all() as {
      id: string;
      doc_id: string;
      root: string;
      path: string;
      text_hash: string;
    }[];
    // Chunk ids are unique by schema, so a duplicate is the same passage of a file stored under
    // another id (another document id for the same path, say) more often than the file has it.
    const passages = new Map<string, number>();
    let stale = 0;
    for (const row of rows) {
      if (row.root === root) {
        const key = `${row.path}\u0000${row.text_hash}`;
        passages.set(key, (passages.get(key) ?? 0) + 1);
      }
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
        if (problems.length < 20)
          problems.push(`${doc?.path ?? docId}: ${doc?.status ?? 'not registered'}, ${stored.size} chunks stored, ${ids.size} expected`);
      }
      if (doc && doc.chunkCount !== stored.size) mismatches += 1;
    }
    for (const doc of services.registry.list()) {
      if (expected.has(doc.id)) continue;
      const stored = rows.filter((row) => row.doc_id === doc.id).length;
      if (doc.status !== 'deleted' || doc.chunkCount !== 0 || stored !== 0) {
        mismatches += 1;
        if (problems.length < 20)
          problems.push(`${doc.path} is gone from the folder but the registry says ${doc.status} with ${doc.chunkCount} chunks (${stored} stored)`);
      }
    }
    const duplicates = [...passages].reduce((sum, [key, count]) => sum + Math.max(0, count - (expectedPassages.get(key) ?? count)), 0);
    if (duplicates) problems.push(`${duplicates} passages stored more often than their files hold them`);
    // Each chunk row has exactly one vector row and one full-text row with its rowid, and no
    // vector or full-text row lacks a chunk.
    const chunkRowids = new Set((db.prepare(`select rowid from chunks_${generation}`).all() as { rowid: number }[]).map((row) => row.rowid));
    let tableMismatches = 0;
    for (const table of [`vec_${generation}`, `fts_${generation}`]) {
      const rowids = (db.prepare(`select rowid from ${table}`).all() as { rowid: number }[]).map((row) => row.rowid);
      const present = new Set(rowids);
      const orphans = rowids.filter((rowid) => !chunkRowids.has(rowid)).length;
      const missing = [...chunkRowids].filter((rowid) => !present.has(rowid)).length;
      const repeated = rowids.length - present.size;
      tableMismatches += orphans + missing + repeated;
      if (orphans + missing + repeated) problems.push(`${table}: ${orphans} rows without a chunk, ${missing} chunks without a row, ${repeated} repeated rows`);
    }
    return {
      files: files.length,
      indexed: services.registry.list({ status: 'indexed' }).length,
      chunks: rows.length,
      expected_chunks: [...expected.values()].reduce((sum, ids) => sum + ids.size, 0),
      documents_lost_or_wrong: lost,
      stale_chunks: stale,
      duplicate_chunks: duplicates,
      registry_mismatches: mismatches,
      table_mismatches: tableMismatches,
      pending_jobs: services.jobs.pending().length,
      problems,
    };
  } finally {
    await services.close();
  }
}

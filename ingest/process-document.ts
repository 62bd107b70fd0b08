import fs from 'node:fs';
import path from 'node:path';
import { nowSeconds } from '../lib/db';
import { identityKey } from '../lib/embedder/types';
import { fileSha256, textHash } from '../lib/ids';
import type { Job } from '../lib/jobs';
import type { DocumentRecord } from '../lib/registry';
import { documentLanguage } from '../lib/text/language';
import type { StoredPoint } from '../lib/vector-index/types';
import { chunkDocument } from './chunk';
import { fileTypeOf } from './file-types';
import { IRREGULAR_DETAIL, kindOf } from './detect';
import { embedChunks, planChunks, tagsFor } from './embed';
import type { ExtractedDocument } from './extracted-document';
import type { Verdict } from './job-result';
import type { PipelineDependencies, PipelineStage } from './pipeline';
import { readDocument } from './read-document';
import type { DocumentTransitions } from './transitions';

/** What was learnt of the file before its text was read. */
interface FileSeen {
  sha256: string;
  size: number;
  mtimeMs: number;
  modifiedAt: number;
}

function fileOf(job: Job): string {
  return path.join(job.root, job.path);
}

/** The same bytes as the settled version, and (when indexed) embedded with the embedder in use. */
function isUnchanged(previous: DocumentRecord | null, sha256: string, embedder: string): boolean {
  if (!previous || previous.sha256 !== sha256) return false;
  const settled = previous.status === 'indexed' || previous.status === 'quarantined' || previous.status === 'duplicate';
  return settled && (previous.status !== 'indexed' || previous.embedder === embedder);
}

/**
 * The stage sequence of one document (detect → extract → gate → chunk → embed → write-index),
 * from its job to a verdict. Every outcome is committed through a document transition.
 */
export class DocumentProcessor {
  constructor(
    private readonly deps: PipelineDependencies,
    private readonly transitions: DocumentTransitions,
    /** A document enters a stage. */
    private readonly onStage: (path: string, stage: PipelineStage) => void,
  ) {}

  process(job: Job): Promise<Verdict> {
    return job.kind === 'delete' ? this.delete(job) : this.upsert(job);
  }

  private async delete(job: Job): Promise<Verdict> {
    if (fs.existsSync(fileOf(job)) && job.kind === 'delete') {
      // The file came back (or was replaced) before the delete ran: treat it as a change.
      return this.upsert(job);
    }
    const doc = this.deps.target.registry.get(job.docId);
    if (!doc || doc.status === 'deleted') return this.transitions.skip(job);
    return this.transitions.deleted(job, doc);
  }

  private async upsert(job: Job): Promise<Verdict> {
    const { config, target } = this.deps;
    const file = fileOf(job);
    let stats: fs.Stats;
    try {
      stats = await fs.promises.lstat(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.delete(job);
      throw error;
    }
    const kind = kindOf(stats);
    if (kind === 'directory') return this.transitions.skip(job);
    const unread = { sha256: null, size: stats.size, mtimeMs: stats.mtimeMs };
    if (kind !== 'file') return this.transitions.quarantine(job, { reason: 'unsupported_type', detail: IRREGULAR_DETAIL[kind] }, unread);
    if (stats.size > config.gates.maxFileBytes) {
      const detail = `The file is ${(stats.size / 1048576).toFixed(1)} MB, over the ${(config.gates.maxFileBytes / 1048576).toFixed(1)} MB limit (DOCENT_MAX_FILE_MB).`;
      return this.transitions.quarantine(job, { reason: 'oversize', detail }, unread);
    }
    const sha256 = await fileSha256(file);
    const previous = target.registry.get(job.docId);
    const embedder = identityKey(target.index.identity);
    if (isUnchanged(previous, sha256, embedder)) return this.transitions.unchanged(job, stats);

    // A file whose exact bytes are indexed under a path that no longer exists was renamed.
    const movedFrom = previous?.indexedSha256 === sha256 ? null : this.findRenameSource(job, sha256);
    const seen: FileSeen = { sha256, size: stats.size, mtimeMs: stats.mtimeMs, modifiedAt: stats.mtimeMs / 1000 };
    // A moved file keeps its vectors, and a type Docent does not read is quarantined; any other file will need the
    // embedder once its text is read.
    if (!movedFrom && fileTypeOf(job.path)) target.scheduler.prepare();
    this.onStage(job.path, 'extracting');
    const read = await readDocument(job, file, { ...this.deps, jobs: target.jobs });
    if ('rejection' in read)
      return this.transitions.quarantine(job, read.rejection, { sha256, size: seen.size, mtimeMs: seen.mtimeMs, fileType: read.fileType });
    return this.index(job, read.document, seen, { previous, movedFrom, embedder });
  }

  /** Chunks, embeds and writes a document whose text passed the gates, unless its text is indexed already. */
  private async index(
    job: Job,
    document: ExtractedDocument,
    seen: FileSeen,
    context: { previous: DocumentRecord | null; movedFrom: DocumentRecord | null; embedder: string },
  ): Promise<Verdict> {
    const { config, target, vectorDonor } = this.deps;
    const { registry, index, jobs } = target;
    const { movedFrom, embedder } = context;
    const contentHash = textHash(document.text.replace(/\s+/g, ' ').trim());
    const facts = { ...seen, contentHash, fileType: document.fileType, language: await documentLanguage(document.text) };
    // The document already indexed with this text, if it is not the one being renamed and its file is still there.
    const liveOriginal = () => {
      const original = registry.findIndexedByContentHash(contentHash, job.docId);
      return original && original.id !== movedFrom?.id && fs.existsSync(path.join(original.root, original.path)) ? original : null;
    };
    const original = liveOriginal();
    if (original) return this.transitions.duplicate(job, original, facts);

    this.onStage(job.path, 'chunking');
    const chunks = await chunkDocument(document, config.chunking);
    if (chunks.length === 0) {
      const rejection = { reason: 'empty_text' as const, detail: 'No text remained after chunking.' };
      return this.transitions.quarantine(job, rejection, { sha256: seen.sha256, size: seen.size, mtimeMs: seen.mtimeMs, fileType: document.fileType });
    }
    const planned = await planChunks(
      document,
      chunks,
      { docId: job.docId, root: job.root, path: job.path, tags: tagsFor(job.path), language: facts.language },
      embedder,
    );
    this.onStage(job.path, 'embedding');
    const existing = await index.listDocumentPoints(job.docId);
    const donors: StoredPoint[] = movedFrom ? await index.listDocumentPoints(movedFrom.id) : [];
    const plan = await embedChunks({ planned, existing, index, scheduler: target.scheduler, donors, donorIndex: vectorDonor ?? null });
    if (jobs.get(job.docId)?.version !== job.version) {
      // A newer intent (edit or delete) arrived while this version was processed: let it win.
      return { outcome: 'retry', detail: 'superseded by a newer change' };
    }
    const indexedAt = nowSeconds();
    const staleSince = Math.max(seen.modifiedAt, registry.rootSince(job.root) ?? seen.modifiedAt);
    this.onStage(job.path, 'writing');
    return this.transitions.indexed(job, {
      ...facts,
      plan,
      chunkCount: planned.length,
      title: document.title,
      embedder,
      staleSince,
      indexedAt,
      previous: context.previous,
      movedFrom,
      liveOriginal,
    });
  }

  private findRenameSource(job: Job, sha256: string): DocumentRecord | null {
    for (const candidate of this.deps.target.registry.findIndexedBySha(sha256)) {
      if (candidate.id === job.docId) continue;
      if (!fs.existsSync(path.join(candidate.root, candidate.path))) return candidate;
    }
    return null;
  }
}

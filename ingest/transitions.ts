import type { Db } from '../lib/db';
import { type Job, requeueDocument } from '../lib/jobs';
import type { DocumentChanges, DocumentRecord, IngestEvent, ReasonCode } from '../lib/registry';
import { IRREGULAR_DETAIL, type ScannedEntry } from './detect';
import type { FileFacts, IndexedVersion, ReadFacts } from './document-facts';
import type { Verdict } from './job-result';
import type { PipelineTarget } from './pipeline';
import { writeDocumentChunks } from './write-index';

/** Thrown inside a commit to roll it back when an identical document was indexed meanwhile. */
class DuplicateRace extends Error {
  constructor(readonly original: DocumentRecord) {
    super(`Same content as ${original.path}, indexed meanwhile.`);
  }
}

/**
 * The document state machine. Each transition is one commit of the registry row, the ingest event
 * and the job's completion (with the index write or delete where there is one), so a crash leaves
 * a document before or after a transition, never in between.
 */
export class DocumentTransitions {
  constructor(
    private readonly db: Db,
    /** Read on every use: a refresh may replace the generation between documents. */
    private readonly target: Pick<PipelineTarget, 'registry' | 'jobs' | 'index'>,
  ) {}

  /** Nothing to record (a directory, a document already deleted): the job is done. */
  skip(job: Job): Verdict {
    this.target.jobs.complete(job);
    return { outcome: 'unchanged' };
  }

  /** The same bytes as last time: no extraction, no embedding, no index write. */
  unchanged(job: Job, file: { size: number; mtimeMs: number }): Verdict {
    this.commit(job, { size: file.size, mtimeMs: file.mtimeMs }, null);
    return { outcome: 'unchanged' };
  }

  /** A file the stages rejected: the previous good version (if any) stays searchable. */
  quarantine(job: Job, rejection: { reason: ReasonCode; detail: string }, file: FileFacts): Verdict {
    this.db.transaction(() => {
      const previous = this.target.registry.get(job.docId);
      const keptVersion = previous?.chunkCount
        ? ` The previous version (indexed ${new Date((previous.indexedAt ?? 0) * 1000).toISOString()}) is still searchable.`
        : '';
      const { reason } = rejection;
      const { sha256, size, mtimeMs, fileType } = file;
      this.commit(
        job,
        { status: 'quarantined', reason, detail: rejection.detail + keptVersion, sha256, size, mtimeMs, fileType },
        { outcome: 'quarantined', reason },
      );
    })();
    return { outcome: 'quarantined', reason: rejection.reason, detail: rejection.detail };
  }

  /**
   * Processing kept failing with errors the stages do not name: the file is quarantined as corrupt.
   * Nothing new was learnt about the file, so its recorded hash and size stay.
   */
  quarantineAfterFailures(job: Job, attempts: number, message: string): Verdict {
    this.commit(
      job,
      { status: 'quarantined', reason: 'corrupt', detail: `Processing failed ${attempts} times: ${message}` },
      { outcome: 'quarantined', reason: 'corrupt' },
    );
    return { outcome: 'quarantined', reason: 'corrupt', detail: message };
  }

  /** The text is already indexed under another path: recorded once, and this document's old chunks go. */
  async duplicate(job: Job, original: DocumentRecord, facts: ReadFacts): Promise<Verdict> {
    const detail = `Same content as ${original.path}${original.root !== job.root ? ` (in ${original.root})` : ''}.`;
    await this.target.index.deleteDocument(job.docId, () =>
      this.commit(
        job,
        {
          status: 'duplicate',
          reason: 'duplicate_of',
          detail,
          duplicateOf: original.id,
          sha256: facts.sha256,
          contentHash: facts.contentHash,
          indexedSha256: null,
          chunkCount: 0,
          size: facts.size,
          mtimeMs: facts.mtimeMs,
          fileType: facts.fileType,
          modifiedAt: facts.modifiedAt,
        },
        { outcome: 'duplicate', reason: 'duplicate_of' },
      ),
    );
    return { outcome: 'duplicate', reason: 'duplicate_of', detail };
  }

  /**
   * A new version's chunks and row, in one write. Two files with the same text processed at once
   * both pass the duplicate check before embedding; commits are serialised, so the second finds the
   * first here and becomes its duplicate instead.
   */
  async indexed(job: Job, version: IndexedVersion): Promise<Verdict> {
    const { plan, movedFrom, previous } = version;
    const outcome = movedFrom ? 'moved' : 'indexed';
    const firstSync = job.origin === 'startup';
    const changes: DocumentChanges = {
      status: 'indexed',
      reason: null,
      detail: movedFrom ? `Moved from ${movedFrom.path} without re-embedding.` : null,
      fileType: version.fileType,
      language: version.language,
      size: version.size,
      mtimeMs: version.mtimeMs,
      sha256: version.sha256,
      contentHash: version.contentHash,
      indexedSha256: version.sha256,
      title: version.title,
      modifiedAt: version.modifiedAt,
      staleSince: version.staleSince,
      indexedAt: version.indexedAt,
      firstSync,
      chunkCount: version.chunkCount,
      embedder: version.embedder,
      duplicateOf: null,
    };
    const event = { outcome, lagS: Math.max(0, version.indexedAt - version.staleSince), chunks: version.chunkCount, embedded: plan.embedded, firstSync };
    // The text changed: the duplicates of the old text lose their original.
    const replacesOriginal = previous?.status === 'indexed' && previous.contentHash !== version.contentHash;
    try {
      await writeDocumentChunks(this.target.index, job.docId, plan, () => {
        const first = version.liveOriginal();
        if (first) throw new DuplicateRace(first);
        this.commit(job, changes, event, () => {
          if (replacesOriginal) this.promoteDuplicates(job.docId);
        });
      });
    } catch (error) {
      if (!(error instanceof DuplicateRace)) throw error;
      return this.duplicate(job, error.original, version);
    }
    if (movedFrom) await this.renamedAway(movedFrom, job.path);
    return { outcome, chunks: version.chunkCount, embedded: plan.embedded };
  }

  /** The file is gone: its chunks go with it, and a duplicate of it takes its place. */
  async deleted(job: Job, doc: DocumentRecord): Promise<Verdict> {
    const changes: DocumentChanges = {
      status: 'deleted',
      reason: null,
      detail: null,
      chunkCount: 0,
      indexedSha256: null,
      contentHash: null,
      duplicateOf: null,
    };
    await this.target.index.deleteDocument(job.docId, () =>
      this.commit(job, changes, { outcome: 'deleted' }, () => {
        if (doc.status === 'indexed') this.promoteDuplicates(job.docId);
      }),
    );
    return { outcome: 'deleted' };
  }

  /** After a move, the old path's chunks and row go; its pending delete job is done. */
  async renamedAway(source: DocumentRecord, newPath: string): Promise<void> {
    const { registry, jobs, index } = this.target;
    await index.deleteDocument(source.id, () =>
      this.db.transaction(() => {
        registry.save(source.id, {
          root: source.root,
          path: source.path,
          status: 'deleted',
          reason: null,
          detail: `Renamed to ${newPath}.`,
          chunkCount: 0,
          indexedSha256: null,
          contentHash: null,
        });
        const pending = jobs.get(source.id);
        if (pending?.kind === 'delete') jobs.complete(pending);
        this.promoteDuplicates(source.id);
      })(),
    );
  }

  /** A link, FIFO, device or undecodable name met by a folder scan: marked once, never opened. */
  irregular(root: string, entry: ScannedEntry, docId: string): void {
    if (entry.kind === 'file') return;
    const { registry } = this.target;
    const existing = registry.get(docId);
    if (existing?.status === 'quarantined' && existing.detail === IRREGULAR_DETAIL[entry.kind]) return;
    registry.save(docId, {
      root,
      path: entry.relativePath,
      status: 'quarantined',
      reason: 'unsupported_type',
      detail: IRREGULAR_DETAIL[entry.kind],
      size: entry.size,
      mtimeMs: entry.mtimeMs,
    });
  }

  /** Has a document read again from its file (after a password was added, say). */
  requeue(docId: string): DocumentRecord | null {
    const { registry, jobs } = this.target;
    const doc = registry.get(docId);
    if (!doc) return null;
    requeueDocument(registry, jobs, doc);
    return registry.get(docId);
  }

  /** Duplicates of a document that changed or went away are re-examined: one takes its place. */
  private promoteDuplicates(docId: string): void {
    const { registry, jobs } = this.target;
    for (const duplicate of registry.listDuplicatesOf(docId)) requeueDocument(registry, jobs, duplicate);
  }

  /** The registry row, the ingest event and the job's completion, as one transaction. */
  private commit(job: Job, changes: DocumentChanges, event: Omit<IngestEvent, 'docId' | 'path'> | null, alongside?: () => void): void {
    const { registry, jobs } = this.target;
    this.db.transaction(() => {
      registry.save(job.docId, { root: job.root, path: job.path, ...changes });
      if (event) registry.recordEvent({ docId: job.docId, path: job.path, ...event });
      alongside?.();
      jobs.complete(job);
    })();
  }
}

import { type Db, fromRow, nowSeconds } from './db';
import { type IngestEvent, recordIngestEvent } from './ingest-events';

export type DocumentStatus = 'indexed' | 'pending' | 'quarantined' | 'deleted' | 'duplicate';

export const REASON_CODES = [
  'empty_text',
  'garbled_text',
  'encrypted',
  'corrupt',
  'oversize',
  'unsupported_type',
  'timeout',
  'ocr_no_text',
  'duplicate_of',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface DocumentRecord {
  id: string;
  root: string;
  path: string;
  status: DocumentStatus;
  reason: ReasonCode | null;
  detail: string | null;
  fileType: string | null;
  /** ISO 639-1 code of the indexed version's language ('und' when unknown; null before it was stored). */
  language: string | null;
  size: number | null;
  mtimeMs: number | null;
  sha256: string | null;
  contentHash: string | null;
  /** sha256 of the version whose chunks are in the index (it may differ while a new version waits or is quarantined). */
  indexedSha256: string | null;
  title: string | null;
  modifiedAt: number | null;
  /** When the index stopped matching the file: its mtime, or when Docent began watching its folder if later. */
  staleSince: number | null;
  indexedAt: number | null;
  /** Indexed from the backlog a start-up scan found: its lag is the start-up's, not the pipeline's. */
  firstSync: boolean;
  updatedAt: number;
  chunkCount: number;
  embedder: string | null;
  duplicateOf: string | null;
}

interface DocumentRow {
  id: string;
  root: string;
  path: string;
  status: DocumentStatus;
  reason: ReasonCode | null;
  detail: string | null;
  file_type: string | null;
  language: string | null;
  size: number | null;
  mtime_ms: number | null;
  sha256: string | null;
  content_hash: string | null;
  indexed_sha256: string | null;
  title: string | null;
  modified_at: number | null;
  stale_since: number | null;
  indexed_at: number | null;
  first_sync: number;
  updated_at: number;
  chunk_count: number;
  embedder: string | null;
  duplicate_of: string | null;
}

const DOCUMENT_COLUMNS = [
  'id',
  'root',
  'path',
  'status',
  'reason',
  'detail',
  'file_type',
  'language',
  'size',
  'mtime_ms',
  'sha256',
  'content_hash',
  'indexed_sha256',
  'title',
  'modified_at',
  'stale_since',
  'indexed_at',
  'updated_at',
  'chunk_count',
  'embedder',
  'duplicate_of',
] as const;

// SQLite has no boolean: first_sync is 0/1.
const toRecord = (row: DocumentRow): DocumentRecord => ({ ...fromRow(row, DOCUMENT_COLUMNS), firstSync: row.first_sync === 1 });

const COLUMNS: Record<keyof Omit<DocumentRecord, 'id' | 'updatedAt'>, string> = {
  root: 'root',
  path: 'path',
  status: 'status',
  reason: 'reason',
  detail: 'detail',
  fileType: 'file_type',
  language: 'language',
  size: 'size',
  mtimeMs: 'mtime_ms',
  sha256: 'sha256',
  contentHash: 'content_hash',
  indexedSha256: 'indexed_sha256',
  title: 'title',
  modifiedAt: 'modified_at',
  staleSince: 'stale_since',
  indexedAt: 'indexed_at',
  firstSync: 'first_sync',
  chunkCount: 'chunk_count',
  embedder: 'embedder',
  duplicateOf: 'duplicate_of',
};

export type DocumentChanges = Partial<Omit<DocumentRecord, 'id' | 'updatedAt'>>;

export type { IngestEvent } from './ingest-events';

/** The document registry: one row per file Docent has seen, with its outcome and freshness. */
export class Registry {
  constructor(
    private readonly db: Db,
    readonly generation: string,
  ) {}

  /** Forgets every document of this generation (the generation is being dropped). */
  deleteAll(): void {
    this.db.prepare('delete from documents where generation = ?').run(this.generation);
  }

  get(id: string): DocumentRecord | null {
    const row = this.db.prepare('select * from documents where generation = ? and id = ?').get(this.generation, id) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  listByRoot(root: string): DocumentRecord[] {
    return (this.db.prepare('select * from documents where generation = ? and root = ? order by path').all(this.generation, root) as DocumentRow[]).map(
      toRecord,
    );
  }

  list(filter: { status?: DocumentStatus; limit?: number } = {}): DocumentRecord[] {
    const rows = filter.status
      ? this.db
          .prepare('select * from documents where generation = ? and status = ? order by root, path limit ?')
          .all(this.generation, filter.status, filter.limit ?? -1)
      : this.db.prepare('select * from documents where generation = ? order by root, path limit ?').all(this.generation, filter.limit ?? -1);
    return (rows as DocumentRow[]).map(toRecord);
  }

  /** Live documents (indexed or quarantined with an indexed version) holding the given file content. */
  findIndexedBySha(sha256: string): DocumentRecord[] {
    return (
      this.db
        .prepare("select * from documents where generation = ? and indexed_sha256 = ? and status != 'deleted' and chunk_count > 0 order by indexed_at")
        .all(this.generation, sha256) as DocumentRow[]
    ).map(toRecord);
  }

  findIndexedByContentHash(contentHash: string, exceptId: string): DocumentRecord | null {
    const row = this.db
      .prepare("select * from documents where generation = ? and content_hash = ? and status = 'indexed' and id != ? order by indexed_at, id limit 1")
      .get(this.generation, contentHash, exceptId) as DocumentRow | undefined;
    return row ? toRecord(row) : null;
  }

  listDuplicatesOf(id: string): DocumentRecord[] {
    return (
      this.db
        .prepare("select * from documents where generation = ? and duplicate_of = ? and status = 'duplicate' order by path")
        .all(this.generation, id) as DocumentRow[]
    ).map(toRecord);
  }

  /** The roots holding this generation's documents that were not deleted. */
  liveRoots(): string[] {
    const rows = this.db.prepare("select distinct root from documents where generation = ? and status != 'deleted' order by root").all(this.generation);
    return (rows as { root: string }[]).map((row) => row.root);
  }

  /** The languages of this generation's indexed documents (ISO 639-1; undetermined ones left out). */
  languages(): string[] {
    const rows = this.db
      .prepare(
        "select distinct language from documents where generation = ? and status = 'indexed' and language is not null and language != 'und' order by language",
      )
      .all(this.generation);
    return (rows as { language: string }[]).map((row) => row.language);
  }

  /** How many documents this generation holds that were not deleted. */
  liveCount(): number {
    return (this.db.prepare("select count(*) as n from documents where generation = ? and status != 'deleted'").get(this.generation) as { n: number }).n;
  }

  /** Inserts or updates a row; unspecified columns keep their value (or their default on insert). */
  save(id: string, changes: DocumentChanges & { root: string; path: string }): void {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof typeof COLUMNS, unknown][];
    const columns = entries.map(([key]) => COLUMNS[key]);
    // SQLite has no boolean: flags are stored as 0/1.
    const values = entries.map(([, value]) => (typeof value === 'boolean' ? Number(value) : value));
    const now = nowSeconds();
    const existing = this.get(id);
    if (existing) {
      if (columns.length > 0) {
        this.db
          .prepare(`update documents set ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = ? where generation = ? and id = ?`)
          .run(...values, now, this.generation, id);
      }
    } else {
      const withStatus = columns.includes('status') ? columns : [...columns, 'status'];
      const withStatusValues = columns.includes('status') ? values : [...values, 'pending'];
      this.db
        .prepare(`insert into documents(generation, id, ${withStatus.join(', ')}, updated_at) values (?, ?, ${withStatus.map(() => '?').join(', ')}, ?)`)
        .run(this.generation, id, ...withStatusValues, now);
    }
  }

  totals(): Record<DocumentStatus, number> & { chunks: number } {
    const rows = this.db
      .prepare('select status, count(*) as n, sum(chunk_count) as chunks from documents where generation = ? group by status')
      .all(this.generation) as {
      status: DocumentStatus;
      n: number;
      chunks: number | null;
    }[];
    const totals = { indexed: 0, pending: 0, quarantined: 0, deleted: 0, duplicate: 0, chunks: 0 };
    for (const row of rows) {
      totals[row.status] = row.n;
      if (row.status !== 'deleted') totals.chunks += row.chunks ?? 0;
    }
    return totals;
  }

  /** Registers a watched root; returns when Docent first saw it (freshness lags start there). */
  touchRoot(root: string): number {
    const now = nowSeconds();
    this.db
      .prepare('insert into roots(root, first_seen_at, last_sync_at) values (?, ?, ?) on conflict(root) do update set last_sync_at = excluded.last_sync_at')
      .run(root, now, now);
    return this.rootSince(root)!;
  }

  rootSince(root: string): number | null {
    const row = this.db.prepare('select first_seen_at from roots where root = ?').get(root) as { first_seen_at: number } | undefined;
    return row?.first_seen_at ?? null;
  }

  recordEvent(event: IngestEvent): void {
    recordIngestEvent(this.db, this.generation, event);
  }
}

/** Every folder Docent has watched, whichever generation holds its documents. */
export function listRoots(db: Db): string[] {
  return (db.prepare('select root from roots order by root').all() as { root: string }[]).map((row) => row.root);
}

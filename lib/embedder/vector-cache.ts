import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError, describeError } from '../errors';
import { type EmbedderIdentity, identityKey } from './types';

/** How many stores between two checks of the file's size (a page count: cheap, but not free). */
const CHECK_EVERY = 512;
/** What the file is brought down to, as a share of its limit, when it has outgrown it: room for the next stores. */
const BRING_DOWN_TO = 0.8;

function hashOf(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}

/**
 * Vectors kept by embedder and text, in a SQLite file of their own (DOCENT_EMBED_CACHE) that any number of
 * processes and data directories may share: building an index again (a fresh data directory, a move to Qdrant,
 * a test run that ingests the same sample documents in every file) embeds only the texts it has not seen, which
 * with a paid embedder is money and with the local one minutes. The index itself already reuses its own vectors
 * (ingest/embed.ts); this is for texts it does not hold. Bounded by size: past it, the oldest entries go.
 *
 * A cache must never stop embedding: a read or write that fails after opening (a full disk, a file removed or locked
 * for longer than the busy timeout) is reported once and the cache is left alone from then on.
 */
export class VectorCache {
  private readonly select: Database.Statement<[string, Buffer], { vector: Buffer }>;
  private readonly insert: Database.Statement<[string, Buffer, Buffer]>;
  private stores = 0;
  private failed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    private readonly maxBytes: number,
    private readonly warn: (message: string) => void,
  ) {
    this.select = db.prepare('SELECT vector FROM vectors WHERE embedder = ? AND hash = ?');
    // A replaced entry gets a new rowid: rowids are the order entries were stored in, oldest first.
    this.insert = db.prepare('INSERT OR REPLACE INTO vectors (embedder, hash, vector) VALUES (?, ?, ?)');
  }

  /** Opens (creating) the cache file; a file that cannot be opened is a StorageError, as the database's is. */
  static open(file: string, maxBytes: number, warn: (message: string) => void = console.warn): VectorCache {
    let db: Database.Database | undefined;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      // Losing the last entries on power loss costs only their embedding again.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      db.exec(`CREATE TABLE IF NOT EXISTS vectors (
        embedder TEXT NOT NULL,
        hash BLOB NOT NULL,
        vector BLOB NOT NULL,
        UNIQUE (embedder, hash)
      )`);
      return new VectorCache(db, file, maxBytes, warn);
    } catch (error) {
      db?.close();
      throw new StorageError(file, `Cannot use the embedding cache at ${file} (DOCENT_EMBED_CACHE): ${describeError(error)}`, error);
    }
  }

  /** The vector `embedder` gave each text, or undefined; every text is a miss once the cache has failed. */
  lookup(embedder: EmbedderIdentity, texts: readonly string[]): (Float32Array | undefined)[] {
    if (this.failed) return texts.map(() => undefined);
    try {
      const key = identityKey(embedder);
      return texts.map((text) => {
        const row = this.select.get(key, hashOf(text));
        if (!row || row.vector.byteLength !== embedder.dimension * 4) return undefined;
        // A copy: the Buffer SQLite hands back need not be aligned for a Float32Array view.
        return new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength));
      });
    } catch (error) {
      this.fail('read', error);
      return texts.map(() => undefined);
    }
  }

  store(embedder: EmbedderIdentity, texts: readonly string[], vectors: readonly Float32Array[]): void {
    if (this.failed || texts.length === 0) return;
    try {
      const key = identityKey(embedder);
      this.db
        .transaction(() => {
          texts.forEach((text, index) => {
            const vector = vectors[index]!;
            this.insert.run(key, hashOf(text), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
          });
        })
        .immediate();
      this.stores += texts.length;
      if (this.stores >= CHECK_EVERY) {
        this.stores = 0;
        this.keepWithinLimit();
      }
    } catch (error) {
      this.fail('write', error);
    }
  }

  /** Bytes the entries take (pages in use; freed pages are reused, so the file stops growing once at its limit). */
  bytesUsed(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = (this.db.pragma('page_count', { simple: true }) as number) - (this.db.pragma('freelist_count', { simple: true }) as number);
    return pages * pageSize;
  }

  /** Once the file holds more than its limit, lets the oldest entries go, as many as bring it well under. */
  private keepWithinLimit(): void {
    const used = this.bytesUsed();
    if (used <= this.maxBytes) return;
    const count = (this.db.prepare('SELECT count(*) AS n FROM vectors').get() as { n: number }).n;
    const keep = Math.floor((count * this.maxBytes * BRING_DOWN_TO) / used);
    this.db.prepare('DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors ORDER BY rowid LIMIT ?)').run(count - keep);
  }

  private fail(what: 'read' | 'write', error: unknown): void {
    this.failed = true;
    this.warn(`The embedding cache at ${this.file} could not ${what} (${describeError(error)}); embedding goes on without it.`);
  }

  close(): void {
    this.db.close();
  }
}

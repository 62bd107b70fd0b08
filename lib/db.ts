import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { StorageError, describeError } from './errors';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the one SQLite database of a data directory: registry, job queue
 * and embedded index share it so that a document's chunks, its registry row and its job are
 * committed in one transaction.
 */
export function openDatabase(dataDir: string, options: { readonly?: boolean } = {}): Db {
  const file = path.join(dataDir, 'docent.db');
  let db: Db;
  if (!options.readonly) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
      // Root may pass access() on a read-only mount: only a real write tells.
      const probe = path.join(dataDir, `.write-probe-${process.pid}`);
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
        throw new StorageError(
          dataDir,
          `The data directory ${dataDir} is not writable (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}): Docent keeps its database there. Point DOCENT_DATA_DIR at a writable folder.`,
          error,
        );
      }
      if (code === 'ENOSPC') throw new StorageError(dataDir, `The disk holding ${dataDir} is full: free some space and start again.`, error);
      throw new StorageError(dataDir, `Cannot use the data directory ${dataDir}: ${describeError(error)}`, error);
    }
  }
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new StorageError(file, `Cannot open the Docent database at ${file}: ${describeError(error)}`, error);
  }
  try {
    sqliteVec.load(db);
    // WAL lets the web app read while the watcher writes; NORMAL sync is crash-safe for the
    // process (a SIGKILL loses nothing committed), trading only the last commits on power loss.
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    // A writer waits up to 10 s for another process's write to finish. The stores begin their
    // transactions IMMEDIATE: a deferred one reads first, and if another process commits before its
    // first write, that write fails at once with SQLITE_BUSY (no wait applies to a stale snapshot).
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
  } catch (error) {
    db.close();
    throw new StorageError(file, `Cannot prepare the Docent database at ${file}: ${describeError(error)}`, error);
  }
  return db;
}

/**
 * `db.prepare` that compiles each SQL text once: for statements that run for every chunk or query.
 * Bounded, since filtered queries bring a text per filter shape (which fields, how many hidden folders).
 */
export function statementCache(db: Db, limit = 500): (sql: string) => Database.Statement<unknown[]> {
  const statements = new Map<string, Database.Statement<unknown[]>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= limit) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('select value from meta where key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('insert into meta(key, value) values (?, ?) on conflict(key) do update set value = excluded.value').run(key, value);
}

export function deleteMeta(db: Db, key: string): void {
  db.prepare('delete from meta where key = ?').run(key);
}

/** Whether the database answers a query, for the health report. */
export function databaseHealth(db: Db, file: string): { ok: boolean; detail: string } {
  try {
    db.prepare('select 1').get();
    return { ok: true, detail: `SQLite at ${file}` };
  } catch (error) {
    return { ok: false, detail: describeError(error) };
  }
}

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
/** A row's columns under the camelCase names records use (`conversation_id` → `conversationId`). */
export type Camelized<Row> = { [K in keyof Row & string as CamelCase<K>]: Row[K] };

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The one way a store turns a row into a record: the listed columns, renamed to camelCase. Only
 * listed columns are copied, so a column added later (or a password hash) never reaches a record,
 * or an API response, by accident; columns that need converting (JSON, flags) the store sets itself.
 */
export function fromRow<Row extends object, const K extends keyof Row & string>(row: Row, columns: readonly K[]): Camelized<Pick<Row, K>> {
  const record: Record<string, unknown> = {};
  for (const column of columns) record[camelCase(column)] = row[column];
  return record as Camelized<Pick<Row, K>>;
}

/** A JSON column's value, or the fallback when it is null or empty. */
export function jsonColumn<T>(text: string | null, fallback: T): T {
  return text ? (JSON.parse(text) as T) : fallback;
}

export function nowSeconds(): number {
  return Date.now() / 1000;
}

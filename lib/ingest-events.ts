import { type Db, fromRow, nowSeconds } from './db';

/** One row of the ingest history: what happened to a document, for freshness and ingest rates. */
export interface IngestEvent {
  docId: string;
  path: string;
  outcome: string;
  reason?: string | null;
  lagS?: number | null;
  chunks?: number;
  embedded?: number;
  durationS?: number;
  firstSync?: boolean;
}

export function recordIngestEvent(db: Db, generation: string, event: IngestEvent): void {
  db.prepare(
    'insert into ingest_events(ts, generation, doc_id, path, outcome, reason, lag_s, chunks, embedded, duration_s, first_sync) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    nowSeconds(),
    generation,
    event.docId,
    event.path,
    event.outcome,
    event.reason ?? null,
    event.lagS ?? null,
    event.chunks ?? null,
    event.embedded ?? null,
    event.durationS ?? null,
    event.firstSync ? 1 : 0,
  );
}

/** A generation's ingest outcomes since a time, oldest first (the status page's ingest rate). */
export function ingestEventsSince(db: Db, generation: string, seconds: number): { ts: number; outcome: string; lagS: number | null }[] {
  const rows = db.prepare('select ts, outcome, lag_s from ingest_events where ts >= ? and generation = ? order by ts').all(seconds, generation) as {
    ts: number;
    outcome: string;
    lag_s: number | null;
  }[];
  return rows.map((row) => fromRow(row, ['ts', 'outcome', 'lag_s']));
}

/**
 * Freshness lags (change to searchable) of documents indexed since a time, in any generation; the
 * start-up backlog is left out, its lag measures the start-up rather than the pipeline.
 */
export function liveIngestLagsSince(db: Db, seconds: number): number[] {
  const rows = db
    .prepare("select lag_s from ingest_events where outcome in ('indexed', 'moved') and lag_s is not null and first_sync = 0 and ts > ?")
    .all(seconds) as { lag_s: number }[];
  return rows.map((row) => row.lag_s);
}

/** How many ingest events of each outcome were ever recorded. */
export function ingestOutcomeCounts(db: Db): { outcome: string; n: number }[] {
  return db.prepare('select outcome, count(*) as n from ingest_events group by outcome').all() as { outcome: string; n: number }[];
}

import { identityKey } from './embedder/types';
import { nowSeconds } from './db';
import type { Services } from './services';
import type { DocumentStatus, ReasonCode } from './registry';

export interface DocumentStatusEntry {
  /** The registry's document id (for links and the admin retry action). */
  id: string;
  root: string;
  path: string;
  status: DocumentStatus;
  reason: ReasonCode | null;
  detail: string | null;
  title: string | null;
  file_type: string | null;
  /** ISO 639-1 code of the language it was read in ('und': too little text to tell; null: indexed before languages were stored). */
  language: string | null;
  chunks: number;
  embedder: string | null;
  indexed_at: string | null;
  modified_at: string | null;
  /** Indexed: how long after its last change it became searchable. Pending: how long it has waited. */
  lag_s: number | null;
  /** Indexed from the backlog of a start-up scan: `lag_s` then measures the start-up, not the pipeline. */
  first_sync: boolean;
}

export interface StatusReport {
  generation: string;
  embedder: string;
  backend: string;
  embedder_warning: string | null;
  /** Set while the index's terms are from an older tokenizer and not yet re-read (after an upgrade). */
  terms_warning: string | null;
  totals: { indexed: number; pending: number; quarantined: number; deleted: number; duplicate: number; chunks: number };
  /** Indexed documents per language (ISO 639-1; 'unknown' for those indexed before languages were stored). */
  languages: Record<string, number>;
  freshness: {
    pending: number;
    oldest_pending_age_s: number | null;
    failing: number;
    lag_p50_s: number | null;
    lag_p95_s: number | null;
    last_indexed_at: string | null;
    /** The start-up backlog, reported apart so that it does not pass for a slow pipeline. */
    first_sync: { documents: number; lag_p95_s: number | null };
  };
  /** While a start-up sync runs (the pipeline is running and its backlog is not empty); null otherwise. */
  syncing: { done: number; total: number; scanning: boolean } | null;
  pipeline: { running: boolean; pid: number | null };
  /** Whether the vector index answers (always, for the embedded one; Qdrant may be down). */
  index: { backend: string; ok: boolean; detail: string } | null;
  documents: DocumentStatusEntry[];
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Freshness for every document and for the index as a whole. A document with a queued job is
 * reported as pending (with the lag it has accumulated), whatever its last outcome was.
 */
export function buildStatusReport(
  services: Pick<Services, 'registry' | 'jobs' | 'generation' | 'index' | 'embedderWarning' | 'termsWarning'>,
  pipelinePid: number | null,
  indexHealth: { ok: boolean; detail: string } | null = null,
): StatusReport {
  const { registry, jobs } = services;
  const now = nowSeconds();
  const queued = new Map(jobs.pending().map((job) => [job.docId, job]));
  // A handful of roots and thousands of documents: each root's first-seen time is read once.
  const rootsSince = new Map<string, number>();
  const sinceOf = (root: string) => {
    if (!rootsSince.has(root)) rootsSince.set(root, registry.rootSince(root) ?? 0);
    return rootsSince.get(root)!;
  };
  const documents: DocumentStatusEntry[] = registry.list().map((doc) => {
    const job = queued.get(doc.id);
    const status: DocumentStatus = job ? 'pending' : doc.status;
    const rootSince = sinceOf(doc.root);
    const waitingSince = job ? Math.min(job.enqueuedAt, Math.max(doc.modifiedAt ?? job.enqueuedAt, rootSince)) : null;
    const lag = job
      ? now - waitingSince!
      : doc.status === 'indexed' && doc.indexedAt !== null && doc.staleSince !== null
        ? Math.max(0, doc.indexedAt - doc.staleSince)
        : null;
    const detail = job
      ? job.progress
        ? job.progress
        : job.lastError
          ? `Waiting to retry (${job.attempts} failed attempt${job.attempts === 1 ? '' : 's'}): ${job.lastError}`
          : job.kind === 'delete'
            ? 'Removal queued.'
            : doc.status === 'pending'
              ? 'Queued for indexing.'
              : 'Change queued for indexing.'
      : doc.detail;
    return {
      id: doc.id,
      root: doc.root,
      path: doc.path,
      status,
      reason: job ? null : doc.reason,
      detail,
      title: doc.title,
      file_type: doc.fileType,
      language: doc.language,
      chunks: doc.chunkCount,
      embedder: doc.embedder,
      indexed_at: iso(doc.indexedAt),
      modified_at: iso(doc.modifiedAt),
      lag_s: lag === null ? null : Math.round(lag * 1000) / 1000,
      first_sync: !job && doc.firstSync,
    };
  });
  const totals = { indexed: 0, pending: 0, quarantined: 0, deleted: 0, duplicate: 0, chunks: 0 };
  const languages: Record<string, number> = {};
  for (const entry of documents) {
    totals[entry.status] += 1;
    if (entry.status !== 'deleted') totals.chunks += entry.chunks;
    if (entry.status === 'indexed') languages[entry.language ?? 'unknown'] = (languages[entry.language ?? 'unknown'] ?? 0) + 1;
  }
  const summary = jobs.summary();
  const indexedLags = (firstSync: boolean) =>
    documents.filter((entry) => entry.status === 'indexed' && entry.lag_s !== null && entry.first_sync === firstSync).map((entry) => entry.lag_s!);
  const lags = indexedLags(false);
  const backlogLags = indexedLags(true);
  const sync = pipelinePid !== null ? jobs.startupSync() : null;

  const lastIndexed = documents.reduce<string | null>(
    (latest, entry) => (entry.indexed_at && (!latest || entry.indexed_at > latest) ? entry.indexed_at : latest),
    null,
  );
  return {
    generation: services.generation.name,
    embedder: identityKey(services.generation.embedder),
    backend: services.index.backend,
    embedder_warning: services.embedderWarning,
    terms_warning: services.termsWarning(),
    totals,
    languages,
    freshness: {
      pending: summary.pending,
      oldest_pending_age_s: summary.oldestEnqueuedAt === null ? null : Math.round((now - summary.oldestEnqueuedAt) * 1000) / 1000,
      failing: summary.failing,
      lag_p50_s: percentile(lags, 50),
      lag_p95_s: percentile(lags, 95),
      last_indexed_at: lastIndexed,
      first_sync: { documents: backlogLags.length, lag_p95_s: percentile(backlogLags, 95) },
    },
    syncing: sync ? { done: sync.done, total: sync.total, scanning: sync.scanning } : null,
    pipeline: { running: pipelinePid !== null, pid: pipelinePid },
    index: indexHealth ? { backend: services.index.backend, ...indexHealth } : null,
    documents,
  };
}

'use client';

import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DocumentStatus } from '@/lib/registry';
import type { DocumentStatusEntry, StatusReport } from '@/lib/status';
import type { dashboard } from '@/lib/web/dashboard';
import { messageOf, request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { SignOut } from '../review/review-queue';

// The status dashboard: totals, the serving generation, freshness, charts and the documents by
// status, refreshed every 10 s; for admins, retry, reindex and accounts. Paths, titles and details
// come from documents and are rendered as React text, never as HTML.

type Dashboard = Awaited<ReturnType<typeof dashboard>>;
type Series = Dashboard['series'];

const REFRESH_MS = 10_000;
const REINDEX_POLL_MS = 3_000;
const ROW_LIMIT = 200;
const COLORS = { indexed: '#2e7d32', quarantined: '#b3261e', deleted: '#8a8d91', accent: '#1f5f8b', p25: '#8fb8d6', p75: '#0f3b57', warn: '#c98a00' };

const STATUS_ORDER: DocumentStatus[] = ['quarantined', 'pending', 'duplicate', 'indexed', 'deleted'];
const STATUS_TEXT: Record<DocumentStatus, string> = {
  indexed: 'Indexed',
  pending: 'Pending',
  quarantined: 'Quarantined',
  duplicate: 'Duplicate',
  deleted: 'Deleted',
};
const STATUS_TONE: Record<DocumentStatus, string> = { indexed: 'ok', pending: 'warn', quarantined: 'bad', duplicate: '', deleted: '' };
const REASON_TEXT: Record<string, string> = {
  empty_text: 'No text',
  garbled_text: 'Garbled text',
  encrypted: 'Encrypted',
  corrupt: 'Corrupt file',
  oversize: 'Too large',
  unsupported_type: 'Unsupported type',
  timeout: 'Timed out',
  ocr_no_text: 'OCR found no text',
  duplicate_of: 'Duplicate of',
};

/** A duration for people: 0.4 s, 12 s, 3.5 min, 2.1 h, 3 d. */
function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const hourLabel = (value: string) => (typeof value === 'string' && value.length > 11 ? value.slice(11) : String(value));

function ErrorText({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error} {error.includes('Sign in') ? <a href="/login?next=%2Fstatus">Sign in</a> : null}
    </p>
  );
}

// ——— Data ———

function useDashboard() {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const inFlight = useRef(false);
  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setData(await request<Dashboard>('/api/status'));
      setUpdatedAt(new Date());
      setError(null);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      inFlight.current = false;
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { data, error, updatedAt, refresh };
}

// ——— Summary ———

function Banners({ report }: { report: StatusReport }) {
  return (
    <>
      {report.index && !report.index.ok ? (
        <div className="notice bad" role="alert" data-testid="index-outage">
          <strong>The search index ({report.index.backend}) is not answering.</strong> Questions are passed to a person until it is back. {report.index.detail}
        </div>
      ) : null}
      {report.embedder_warning ? (
        <div className="notice warn" role="alert" data-testid="embedder-warning">
          {report.embedder_warning}
        </div>
      ) : null}
    </>
  );
}

function Totals({ totals }: { totals: StatusReport['totals'] }) {
  const cards: { key: keyof StatusReport['totals']; label: string }[] = [
    { key: 'indexed', label: 'Indexed' },
    { key: 'pending', label: 'Pending' },
    { key: 'quarantined', label: 'Quarantined' },
    { key: 'duplicate', label: 'Duplicates' },
    { key: 'deleted', label: 'Deleted' },
    { key: 'chunks', label: 'Chunks' },
  ];
  return (
    <section aria-label="Totals">
      <dl className="cards" data-testid="status-totals">
        {cards.map((card) => (
          <div
            key={card.key}
            className={`panel card${card.key === 'quarantined' && totals.quarantined > 0 ? ' attention' : ''}`}
            data-testid={`total-${card.key}`}
          >
            <dt className="small muted">{card.label}</dt>
            <dd className="value">{totals[card.key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Generations({ data }: { data: Dashboard }) {
  const { report, generations } = data;
  return (
    <section aria-labelledby="generation-heading">
      <h2 id="generation-heading">Index generation</h2>
      <div className="panel" data-testid="generation-serving">
        <p>
          Serving <strong data-testid="generation-name">{report.generation}</strong> on <strong>{report.backend}</strong> with the embedder{' '}
          <code>{report.embedder}</code>.
        </p>
        <p className="small muted">
          Pipeline: {report.pipeline.running ? `running (pid ${report.pipeline.pid})` : 'not running — changes and retries wait until it starts'}.
        </p>
      </div>
      {generations.length ? (
        <details className="generations">
          <summary>All generations ({generations.length})</summary>
          <div className="table-scroll">
            <table className="wide" data-testid="generations-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">State</th>
                  <th scope="col">Backend</th>
                  <th scope="col">Embedder</th>
                  <th scope="col">Created</th>
                  <th scope="col">Activated</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {generations.map((generation) => (
                  <tr key={generation.name}>
                    <td>{generation.name}</td>
                    <td>
                      <span
                        className={`badge ${generation.state === 'serving' ? 'ok' : generation.state === 'failed' ? 'bad' : generation.state === 'building' ? 'warn' : ''}`}
                      >
                        {generation.state}
                      </span>
                    </td>
                    <td>{generation.backend}</td>
                    <td>
                      <code>{generation.embedder}</code>
                    </td>
                    <td>{when(generation.created_at)}</td>
                    <td>{when(generation.activated_at)}</td>
                    <td className="pre">{generation.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}

function Freshness({ data }: { data: Dashboard }) {
  const { freshness } = data.report;
  const oldest = data.oldest_pending;
  return (
    <section aria-labelledby="freshness-heading">
      <h2 id="freshness-heading">Freshness</h2>
      <dl className="cards" data-testid="freshness">
        <div className="panel card">
          <dt className="small muted">Lag, median</dt>
          <dd className="value">{duration(freshness.lag_p50_s)}</dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Lag, 95th percentile</dt>
          <dd className="value">{duration(freshness.lag_p95_s)}</dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Waiting / failing jobs</dt>
          <dd className="value">
            {freshness.pending} / {freshness.failing}
          </dd>
        </div>
        <div className="panel card">
          <dt className="small muted">Last indexed</dt>
          <dd className="small">{when(freshness.last_indexed_at)}</dd>
        </div>
      </dl>
      <p className="small" data-testid="oldest-pending">
        {oldest ? (
          <>
            Oldest waiting: <span className="path">{oldest.path}</span>, for {duration(oldest.waiting_s)}.
          </>
        ) : freshness.oldest_pending_age_s !== null ? (
          <>Oldest queued job: waiting for {duration(freshness.oldest_pending_age_s)}.</>
        ) : (
          <span className="muted">Nothing is waiting to be indexed.</span>
        )}
      </p>
    </section>
  );
}

// ——— Charts ———

interface Column {
  key: string;
  label: string;
  format?: (value: unknown) => string;
}

function DataTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Record<string, unknown>[] }) {
  return (
    <details className="small">
      <summary>Show the data</summary>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column.key}>{column.format ? column.format(row[column.key]) : String(row[column.key] ?? '—')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function ChartFigure({
  testId,
  title,
  description,
  empty,
  children,
  table,
}: {
  testId: string;
  title: string;
  description: string;
  empty: boolean;
  children: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure className="panel chart-figure" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
        <p className="small muted">{description}</p>
      </figcaption>
      {empty ? <p className="muted chart-empty">No data yet.</p> : children}
      {empty ? null : table}
    </figure>
  );
}

function IngestRateChart({ data }: { data: Series['ingest_rate'] }) {
  return (
    <ChartFigure
      testId="chart-ingest-rate"
      title="Ingest rate"
      description="Documents processed per hour over the last two days (UTC hours)."
      empty={data.length === 0}
      table={
        <DataTable
          caption="Documents per hour"
          columns={[
            { key: 'time', label: 'Hour (UTC)' },
            { key: 'indexed', label: 'Indexed' },
            { key: 'quarantined', label: 'Quarantined' },
            { key: 'deleted', label: 'Deleted' },
          ]}
          rows={data}
        />
      }
    >
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" tickFormatter={hourLabel} fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="indexed" name="Indexed" stackId="a" fill={COLORS.indexed} isAnimationActive={false} />
            <Bar dataKey="quarantined" name="Quarantined" stackId="a" fill={COLORS.quarantined} isAnimationActive={false} />
            <Bar dataKey="deleted" name="Deleted" stackId="a" fill={COLORS.deleted} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}

function LagChart({ data }: { data: Series['lag_distribution'] }) {
  return (
    <ChartFigure
      testId="chart-lag"
      title="Freshness lag"
      description="Indexed documents by how long after a change they became searchable."
      empty={data.every((bucket) => bucket.documents === 0)}
      table={
        <DataTable
          caption="Documents by lag"
          columns={[
            { key: 'label', label: 'Lag' },
            { key: 'documents', label: 'Documents' },
          ]}
          rows={data}
        />
      }
    >
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} interval={0} angle={-30} textAnchor="end" height={50} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Bar dataKey="documents" name="Documents" fill={COLORS.accent} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}

function EscalationChart({ data }: { data: Series['questions'] }) {
  return (
    <ChartFigure
      testId="chart-escalations"
      title="Escalation rate"
      description="Share of questions passed to a person, per day (UTC), last 14 days."
      empty={data.length === 0}
      table={
        <DataTable
          caption="Questions per day"
          columns={[
            { key: 'time', label: 'Day' },
            { key: 'answered', label: 'Answered' },
            { key: 'escalated', label: 'Escalated' },
            { key: 'escalation_rate', label: 'Rate', format: (value) => (typeof value === 'number' ? percent(value) : '—') },
          ]}
          rows={data}
        />
      }
    >
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" fontSize={12} />
            <YAxis domain={[0, 1]} tickFormatter={percent} fontSize={12} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))} />
            <Line type="monotone" dataKey="escalation_rate" name="Escalated" stroke={COLORS.warn} strokeWidth={2} dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}

function ConfidenceChart({ histogram, questions }: { histogram: Series['confidence_histogram']; questions: Series['questions'] }) {
  const overTime = questions.filter((bucket) => bucket.confidence_p50 !== null);
  const fixed = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : '—');
  return (
    <ChartFigure
      testId="chart-confidence"
      title="Answer confidence"
      description="Answers by confidence score, last 14 days; below, the quartiles per day."
      empty={histogram.every((bucket) => bucket.answers === 0)}
      table={
        <DataTable
          caption="Confidence quartiles per day"
          columns={[
            { key: 'time', label: 'Day' },
            { key: 'confidence_p25', label: 'p25', format: fixed },
            { key: 'confidence_p50', label: 'Median', format: fixed },
            { key: 'confidence_p75', label: 'p75', format: fixed },
          ]}
          rows={overTime}
        />
      }
    >
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={histogram} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Bar dataKey="answers" name="Answers" fill={COLORS.accent} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      {overTime.length ? (
        <div className="chart" data-testid="chart-confidence-quartiles">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={overTime} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="time" fontSize={12} />
              <YAxis domain={[0, 1]} fontSize={12} />
              <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : String(value))} />
              <Legend />
              <Line type="monotone" dataKey="confidence_p25" name="p25" stroke={COLORS.p25} dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="confidence_p50" name="Median" stroke={COLORS.accent} strokeWidth={2} dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="confidence_p75" name="p75" stroke={COLORS.p75} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </ChartFigure>
  );
}

function Charts({ series }: { series: Series }) {
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">Activity</h2>
      <div className="charts">
        <IngestRateChart data={series.ingest_rate} />
        <LagChart data={series.lag_distribution} />
        <EscalationChart data={series.questions} />
        <ConfidenceChart histogram={series.confidence_histogram} questions={series.questions} />
      </div>
    </section>
  );
}

// ——— Documents ———

function RetryButton({ doc, onDone }: { doc: DocumentStatusEntry; onDone: (message: string) => void }) {
  const { busy, error, run } = useAction();
  const retry = () =>
    run(async () => {
      await request(`/api/documents/${encodeURIComponent(doc.id)}/retry`, { method: 'POST' });
      onDone(`Queued ${doc.path} to be read again.`);
    });
  return (
    <>
      <button type="button" className="button" onClick={() => void retry()} disabled={busy} data-testid="retry-button" aria-label={`Retry ${doc.path}`}>
        {busy ? 'Retrying…' : 'Retry'}
      </button>
      {error ? (
        <span className="error small" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function DocumentRow({ doc, isAdmin, onRetried }: { doc: DocumentStatusEntry; isAdmin: boolean; onRetried: (message: string) => void }) {
  return (
    <tr data-testid="document-row" data-status={doc.status} data-path={doc.path}>
      <td>
        <span className={`badge ${STATUS_TONE[doc.status]}`}>{STATUS_TEXT[doc.status] ?? doc.status}</span>
      </td>
      <td className="path-cell">
        {doc.status === 'indexed' ? <a href={`/sources/${encodeURIComponent(doc.id)}`}>{doc.path}</a> : <span>{doc.path}</span>}
        <div className="small muted">
          {doc.root}
          {doc.title && doc.title !== doc.path ? ` · ${doc.title}` : ''}
        </div>
      </td>
      <td>{doc.reason ? (REASON_TEXT[doc.reason] ?? doc.reason) : ''}</td>
      <td className="pre detail-cell">{doc.detail ?? ''}</td>
      <td>{doc.lag_s === null ? '—' : `${doc.status === 'pending' ? 'waiting ' : ''}${duration(doc.lag_s)}`}</td>
      <td>{doc.chunks}</td>
      <td>{when(doc.indexed_at)}</td>
      {isAdmin ? <td>{doc.status === 'quarantined' ? <RetryButton doc={doc} onDone={onRetried} /> : null}</td> : null}
    </tr>
  );
}

function DocumentsTable({ documents, isAdmin, onRetried }: { documents: DocumentStatusEntry[]; isAdmin: boolean; onRetried: (message: string) => void }) {
  const [filter, setFilter] = useState<DocumentStatus | 'all'>('all');
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const counts = useMemo(() => {
    const result: Record<string, number> = {};
    for (const doc of documents) result[doc.status] = (result[doc.status] ?? 0) + 1;
    return result;
  }, [documents]);
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return documents
      .filter(
        (doc) =>
          (filter === 'all' || doc.status === filter) &&
          (!needle || doc.path.toLowerCase().includes(needle) || (doc.title ?? '').toLowerCase().includes(needle)),
      )
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.path.localeCompare(b.path));
  }, [documents, filter, query]);
  const shown = showAll ? rows : rows.slice(0, ROW_LIMIT);
  const options: (DocumentStatus | 'all')[] = ['all', ...STATUS_ORDER];
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <div className="row filters">
        <div className="row" role="group" aria-label="Show documents by status">
          {options.map((option) => (
            <button
              key={option}
              type="button"
              className="button"
              aria-pressed={filter === option}
              onClick={() => setFilter(option)}
              data-testid={`filter-${option}`}
            >
              {option === 'all' ? 'All' : STATUS_TEXT[option]} ({option === 'all' ? documents.length : (counts[option] ?? 0)})
            </button>
          ))}
        </div>
        <div className="path-filter">
          <label htmlFor="document-filter" className="visually-hidden">
            Filter by path
          </label>
          <input id="document-filter" type="text" placeholder="Filter by path or title" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
      </div>
      <div className="table-scroll">
        <table className="wide" data-testid="documents-table">
          <caption className="visually-hidden">Documents {filter === 'all' ? '' : `(${STATUS_TEXT[filter]})`}</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Path</th>
              <th scope="col">Reason</th>
              <th scope="col">Detail</th>
              <th scope="col">Lag</th>
              <th scope="col">Chunks</th>
              <th scope="col">Indexed</th>
              {isAdmin ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((doc) => (
              <DocumentRow key={`${doc.root}/${doc.id}`} doc={doc} isAdmin={isAdmin} onRetried={onRetried} />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="muted">No documents {filter === 'all' ? '' : `with the status ${STATUS_TEXT[filter].toLowerCase()}`}.</p> : null}
      {rows.length > shown.length ? (
        <p className="small">
          Showing {shown.length} of {rows.length}.{' '}
          <button type="button" className="button" onClick={() => setShowAll(true)}>
            Show all
          </button>
        </p>
      ) : null}
    </section>
  );
}

// ——— Admin: reindex ———

interface ReindexState {
  running: boolean;
  last: { started_at: string; force: boolean; result: unknown; log: string } | null;
}

function ReindexResult({ last }: { last: NonNullable<ReindexState['last']> }) {
  const result = last.result as { swapped?: boolean; generation?: string | null; previous?: string | null; reason?: string; duration_s?: number } | null;
  return (
    <div className="small" data-testid="reindex-last">
      <p>
        Last run started {when(last.started_at)}
        {last.force ? ' (gate skipped)' : ''}:{' '}
        {!result ? (
          <span className="muted">no result recorded; see the log {last.log}.</span>
        ) : result.swapped ? (
          <span>
            <span className="badge ok">switched</span> generation {result.generation ?? '?'} serves
            {result.previous ? ` (was ${result.previous})` : ''}
            {typeof result.duration_s === 'number' ? `, in ${duration(result.duration_s)}` : ''}.
          </span>
        ) : (
          <span>
            <span className="badge bad">not switched</span> {result.reason ?? ''}
          </span>
        )}
      </p>
      {result ? (
        <details>
          <summary>Full result</summary>
          <pre className="pre json">{JSON.stringify(result, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

function ReindexPanel({ onFinished }: { onFinished: () => void }) {
  const [state, setState] = useState<ReindexState | null>(null);
  const [force, setForce] = useState(false);
  const { busy, error, setError, run } = useAction();
  const wasRunning = useRef(false);

  const load = useCallback(async () => {
    try {
      const next = await request<ReindexState>('/api/reindex');
      setState(next);
      setError(null);
      if (wasRunning.current && !next.running) onFinished();
      wasRunning.current = next.running;
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [onFinished]);

  useEffect(() => void load(), [load]);
  const running = state?.running ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), REINDEX_POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const started = await run(async () => {
      const next = await request<ReindexState>('/api/reindex', { method: 'POST', body: { force } });
      wasRunning.current = next.running;
      setState(next);
    });
    if (!started) void load();
  };

  return (
    <section className="panel admin-panel" aria-labelledby="reindex-heading" data-testid="reindex-panel">
      <h2 id="reindex-heading">Reindex</h2>
      <p className="small muted">
        Builds a new generation from the documents, checks it against the evaluation set (the gate) and switches to it if it is at least as good. The current
        generation keeps serving meanwhile.
      </p>
      <p role="status" aria-live="polite" data-testid="reindex-status">
        {state === null ? 'Loading…' : running ? `Running since ${when(state.last?.started_at)}${state.last?.force ? ' (gate skipped)' : ''}…` : 'Not running.'}
      </p>
      {state?.last && !running ? <ReindexResult last={state.last} /> : null}
      <form className="row" onSubmit={(event) => void start(event)}>
        <input
          id="reindex-force"
          type="checkbox"
          checked={force}
          onChange={(event) => setForce(event.target.checked)}
          disabled={running}
          data-testid="reindex-force"
        />
        <label htmlFor="reindex-force" className="inline-label">
          Skip the gate (--force)
        </label>
        <button type="submit" className="button primary" disabled={busy || running || state === null} data-testid="reindex-start">
          {running ? 'Reindexing…' : busy ? 'Starting…' : 'Start a reindex'}
        </button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}

// ——— Admin: users ———

interface Account {
  email: string;
  role: 'reviewer' | 'admin';
  created_at: string;
}

function AddUserForm({ onAdded }: { onAdded: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Account['role']>('reviewer');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await request('/api/users', { method: 'POST', body: { email: email.trim(), role, password } });
      onAdded(email.trim());
      setEmail('');
      setPassword('');
      setRole('reviewer');
    });
  };
  return (
    <form className="add-user" onSubmit={(event) => void submit(event)} data-testid="add-user-form">
      <h3>Add an account</h3>
      <div className="form-grid">
        <div>
          <label htmlFor="new-user-email">Email</label>
          <input id="new-user-email" type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div>
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as Account['role'])}>
            <option value="reviewer">Reviewer</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div>
          <label htmlFor="new-user-password">Password</label>
          <input
            id="new-user-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby="new-user-password-hint"
          />
          <p id="new-user-password-hint" className="small muted">
            At least 10 characters.
          </p>
        </div>
      </div>
      <ErrorText error={error} />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add the account'}
      </button>
    </form>
  );
}

function UserRow({ account, self, onRemoved }: { account: Account; self: boolean; onRemoved: (email: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const remove = async () => {
    const removed = await run(async () => {
      await request(`/api/users/${encodeURIComponent(account.email)}`, { method: 'DELETE' });
      onRemoved(account.email);
    });
    if (!removed) setConfirming(false);
  };
  return (
    <tr data-testid="user-row" data-email={account.email}>
      <td>
        {account.email}
        {self ? <span className="small muted"> (you)</span> : null}
      </td>
      <td>{account.role}</td>
      <td>{when(account.created_at)}</td>
      <td>
        {self ? null : confirming ? (
          <span className="row">
            <button type="button" className="button danger" onClick={() => void remove()} disabled={busy}>
              {busy ? 'Removing…' : 'Yes, remove'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="button danger" onClick={() => setConfirming(true)} aria-label={`Remove ${account.email}`}>
            Remove
          </button>
        )}
        {error ? (
          <span className="error small" role="alert">
            {error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

function UsersPanel({ email, announce }: { email: string; announce: (message: string) => void }) {
  const [users, setUsers] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setUsers((await request<{ users: Account[] }>('/api/users')).users);
      setError(null);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section className="panel admin-panel" aria-labelledby="users-heading" data-testid="users-panel">
      <h2 id="users-heading">Accounts</h2>
      <ErrorText error={error} />
      {users ? (
        <div className="table-scroll">
          <table data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((account) => (
                <UserRow
                  key={account.email}
                  account={account}
                  self={account.email.toLowerCase() === email.toLowerCase()}
                  onRemoved={(removed) => {
                    announce(`Removed the account ${removed}.`);
                    void load();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <AddUserForm
        onAdded={(added) => {
          announce(`Added the account ${added}.`);
          void load();
        }}
      />
    </section>
  );
}

// ——— The page ———

export function StatusDashboard({ email, isAdmin }: { email: string; isAdmin: boolean }) {
  const { data, error, updatedAt, refresh } = useDashboard();
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => {
    setAnnouncement('');
    setTimeout(() => setAnnouncement(message), 50);
  }, []);
  const onRetried = useCallback(
    (message: string) => {
      announce(message);
      void refresh();
    },
    [announce, refresh],
  );
  const onReindexFinished = useCallback(() => void refresh(), [refresh]);

  return (
    <div className="status">
      <div className="page-head">
        <h1>Status</h1>
        <div className="row small">
          <span className="muted" data-testid="status-updated">
            {updatedAt ? `Updated ${updatedAt.toLocaleTimeString()} · refreshes every 10 s` : 'Loading…'}
          </span>
          <button type="button" className="button" onClick={() => void refresh()}>
            Refresh
          </button>
          <SignOut />
        </div>
      </div>
      <p className="announcement" role="status" aria-live="polite" data-testid="status-announcement">
        {announcement}
      </p>
      <ErrorText error={error} />
      {data ? (
        <>
          <Banners report={data.report} />
          <Totals totals={data.report.totals} />
          <Generations data={data} />
          <Freshness data={data} />
          <Charts series={data.series} />
          <DocumentsTable documents={data.report.documents} isAdmin={isAdmin} onRetried={onRetried} />
          {isAdmin ? (
            <div className="admin">
              <ReindexPanel onFinished={onReindexFinished} />
              <UsersPanel email={email} announce={announce} />
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

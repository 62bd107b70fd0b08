import client from 'prom-client';
import { ingestOutcomeCounts, liveIngestLagsSince } from '../ingest-events';
import type { Services } from '../services';
import { percentile } from '../status';

/**
 * Prometheus metrics of the web process. Answer metrics are observed as answers happen; ingest
 * metrics are read from the shared database at scrape time, so they cover a watcher running in
 * this process or beside it.
 */
export class DocentMetrics {
  readonly registry = new client.Registry();
  readonly queryDuration: client.Histogram;
  readonly answerDuration: client.Histogram;
  readonly firstTokenDuration: client.Histogram;
  readonly confidence: client.Histogram;
  readonly answers: client.Counter<'outcome'>;
  readonly escalations: client.Counter<'reason'>;

  constructor(services: () => Services, answersWaiting: () => number = () => 0) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'docent_process_' });
    this.queryDuration = new client.Histogram({
      name: 'docent_query_duration_seconds',
      help: 'Retrieval time per question',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.answerDuration = new client.Histogram({
      name: 'docent_answer_duration_seconds',
      help: 'Time from question to outcome',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.firstTokenDuration = new client.Histogram({
      name: 'docent_answer_first_token_seconds',
      help: 'Time from question to the first answer token',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.confidence = new client.Histogram({
      name: 'docent_answer_confidence',
      help: 'Confidence score of checked answers',
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    });
    this.answers = new client.Counter({ name: 'docent_answers_total', help: 'Questions answered, by outcome', labelNames: ['outcome'], registers });
    this.escalations = new client.Counter({
      name: 'docent_escalations_total',
      help: 'Questions handed to a person, by reason',
      labelNames: ['reason'],
      registers,
    });

    new client.Gauge({
      name: 'docent_documents',
      help: 'Documents in the serving generation, by status',
      labelNames: ['status'],
      registers,
      collect() {
        const totals = services().registry.totals();
        for (const status of ['indexed', 'pending', 'quarantined', 'deleted', 'duplicate'] as const) this.set({ status }, totals[status]);
      },
    });
    new client.Gauge({
      name: 'docent_answers_waiting',
      help: 'Questions waiting for their turn (DOCENT_ANSWER_CONCURRENCY are worked on at once)',
      registers,
      collect() {
        this.set(answersWaiting());
      },
    });
    new client.Gauge({
      name: 'docent_ingest_pending_jobs',
      help: 'Documents waiting to be (re)indexed',
      registers,
      collect() {
        this.set(services().jobs.summary().pending);
      },
    });
    new client.Gauge({
      name: 'docent_ingest_failing_jobs',
      help: 'Waiting documents whose last attempt failed (an outage, usually)',
      registers,
      collect() {
        this.set(services().jobs.summary().failing);
      },
    });
    new client.Gauge({
      name: 'docent_ingest_oldest_pending_seconds',
      help: 'Age of the oldest waiting document',
      registers,
      collect() {
        const { oldestEnqueuedAt } = services().jobs.summary();
        this.set(oldestEnqueuedAt === null ? 0 : Date.now() / 1000 - oldestEnqueuedAt);
      },
    });
    new client.Gauge({
      name: 'docent_ingest_lag_seconds',
      help: 'Freshness lag (change to searchable) of documents indexed in the last hour, start-up backlog excluded',
      labelNames: ['quantile'],
      registers,
      collect() {
        const lags = liveIngestLagsSince(services().db, Date.now() / 1000 - 3600);
        this.set({ quantile: '0.5' }, percentile(lags, 50) ?? 0);
        this.set({ quantile: '0.95' }, percentile(lags, 95) ?? 0);
      },
    });
    new client.Gauge({
      name: 'docent_ingest_events',
      help: 'Ingest outcomes recorded (counter semantics; read from the shared database)',
      labelNames: ['outcome'],
      registers,
      collect() {
        for (const row of ingestOutcomeCounts(services().db)) this.set({ outcome: row.outcome }, row.n);
      },
    });
    new client.Gauge({
      name: 'docent_index_chunks',
      help: 'Chunks in the serving generation',
      registers,
      collect() {
        this.set(services().registry.totals().chunks);
      },
    });
  }

  observeAnswer(event: {
    outcome: string;
    reason: string | null;
    seconds: number;
    firstTokenSeconds: number | null;
    retrievalSeconds: number | null;
    score: number | null;
  }): void {
    this.answers.inc({ outcome: event.outcome });
    if (event.outcome === 'escalated') this.escalations.inc({ reason: event.reason ?? 'unknown' });
    // A stopped answer's time is the asker's patience, not Docent's speed.
    if (event.outcome !== 'stopped') this.answerDuration.observe(event.seconds);
    if (event.firstTokenSeconds !== null) this.firstTokenDuration.observe(event.firstTokenSeconds);
    if (event.retrievalSeconds !== null) this.queryDuration.observe(event.retrievalSeconds);
    if (event.score !== null) this.confidence.observe(event.score);
  }
}

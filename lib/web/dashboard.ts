import { nowSeconds } from '../db';
import type { AnswerLog } from '../answer/answer-log';
import { identityKey } from '../embedder/types';
import { ingestEventsSince } from '../ingest-events';
import type { Services } from '../services';
import type { CanRead } from '../spaces/spaces';
import { buildStatusReport, percentile } from '../status';
import { pipelineOwner } from '../pipeline-lock';
import { listGenerations } from '../vector-index/generations';

const HOUR = 3600;
const DAY = 24 * HOUR;

function bucketLabel(seconds: number, width: number): string {
  const date = new Date(Math.floor(seconds / width) * width * 1000);
  return width >= DAY ? date.toISOString().slice(0, 10) : `${date.toISOString().slice(0, 13)}:00`;
}

/**
 * The status page's data: the status report, plus series for charts (ingest rate, freshness lag
 * distribution, escalation rate and confidence over time) and the generations.
 */
export async function dashboard(services: Services, answerLog: AnswerLog, canRead: CanRead) {
  const full = buildStatusReport(services, pipelineOwner(services.db), await services.index.health());
  // A reviewer sees the documents of the spaces they may read; totals and freshness stay the index's.
  const report = { ...full, documents: full.documents.filter(canRead) };
  const now = nowSeconds();
  const since = now - 14 * DAY;

  const ingest = ingestEventsSince(services.db, services.generation.name, now - 2 * DAY);
  const ingestRate = new Map<string, { time: string; indexed: number; quarantined: number; deleted: number }>();
  for (const event of ingest) {
    const time = bucketLabel(event.ts, HOUR);
    const bucket = ingestRate.get(time) ?? { time, indexed: 0, quarantined: 0, deleted: 0 };
    if (event.outcome === 'indexed' || event.outcome === 'moved') bucket.indexed += 1;
    else if (event.outcome === 'quarantined') bucket.quarantined += 1;
    else if (event.outcome === 'deleted') bucket.deleted += 1;
    ingestRate.set(time, bucket);
  }

  // Live changes only: the start-up backlog's lag is the start-up, shown apart as "first sync".
  const lags = report.documents.filter((doc) => doc.status === 'indexed' && doc.lag_s !== null && !doc.first_sync).map((doc) => doc.lag_s!);
  const edges = [1, 2, 5, 10, 30, 60, 300, 3600, Infinity];
  const labels = ['< 1 s', '1–2 s', '2–5 s', '5–10 s', '10–30 s', '30–60 s', '1–5 min', '5–60 min', '> 1 h'];
  const lagDistribution = labels.map((label) => ({ label, documents: 0 }));
  for (const lag of lags) lagDistribution[edges.findIndex((edge) => lag < edge)]!.documents += 1;

  const answers = answerLog.outcomesSince(since);
  const perDay = new Map<string, { time: string; answered: number; escalated: number; scores: number[] }>();
  for (const answer of answers) {
    const time = bucketLabel(answer.createdAt, DAY);
    const bucket = perDay.get(time) ?? { time, answered: 0, escalated: 0, scores: [] };
    if (answer.outcome === 'answered') bucket.answered += 1;
    if (answer.outcome === 'escalated') bucket.escalated += 1;
    if (answer.score !== null) bucket.scores.push(answer.score);
    perDay.set(time, bucket);
  }
  const questions = [...perDay.values()].map((bucket) => ({
    time: bucket.time,
    answered: bucket.answered,
    escalated: bucket.escalated,
    escalation_rate: bucket.answered + bucket.escalated ? Math.round((bucket.escalated / (bucket.answered + bucket.escalated)) * 1000) / 1000 : 0,
    confidence_p25: percentile(bucket.scores, 25),
    confidence_p50: percentile(bucket.scores, 50),
    confidence_p75: percentile(bucket.scores, 75),
  }));
  const confidenceHistogram = Array.from({ length: 10 }, (_, index) => ({ label: `${(index / 10).toFixed(1)}–${((index + 1) / 10).toFixed(1)}`, answers: 0 }));
  for (const answer of answers) if (answer.score !== null) confidenceHistogram[Math.min(9, Math.floor(answer.score * 10))]!.answers += 1;

  const oldestPending = report.documents.filter((doc) => doc.status === 'pending').sort((a, b) => (b.lag_s ?? 0) - (a.lag_s ?? 0))[0] ?? null;
  return {
    report,
    generations: listGenerations(services.db).map((generation) => ({
      name: generation.name,
      backend: generation.backend,
      embedder: identityKey(generation.embedder),
      state: generation.state,
      created_at: new Date(generation.createdAt * 1000).toISOString(),
      activated_at: generation.activatedAt ? new Date(generation.activatedAt * 1000).toISOString() : null,
      note: generation.note,
    })),
    oldest_pending: oldestPending ? { path: oldestPending.path, waiting_s: oldestPending.lag_s } : null,
    series: { ingest_rate: [...ingestRate.values()], lag_distribution: lagDistribution, questions, confidence_histogram: confidenceHistogram },
  };
}

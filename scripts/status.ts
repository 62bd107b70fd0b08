import { getConfig } from '../lib/config';
import { openServices } from '../lib/services';
import { buildStatusReport } from '../lib/status';
import { Pipeline } from '../ingest/pipeline';
import { parseCommandLine, printJson, runMain, say } from './cli';

function age(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

runMain(async () => {
  const { values } = parseCommandLine({ json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } });
  const services = await openServices(getConfig(), { embedThreads: 0 });
  try {
    const report = buildStatusReport(services, Pipeline.lockOwner(services.db), await services.index.health());
    const { totals, freshness } = report;
    say(`Docent index: generation ${report.generation} (${report.backend}), embedder ${report.embedder}`);
    if (report.embedder_warning) say(`  ! ${report.embedder_warning}`);
    if (report.terms_warning) say(`  ! ${report.terms_warning}`);
    say(
      `  documents: ${totals.indexed} indexed, ${totals.pending} pending, ${totals.quarantined} quarantined, ${totals.duplicate} duplicates, ${totals.deleted} deleted; ${totals.chunks} chunks`,
    );
    const languages = Object.entries(report.languages).sort((a, b) => b[1] - a[1]);
    if (languages.length) say(`  languages: ${languages.map(([language, count]) => `${language} ${count}`).join(', ')}`);
    if (report.syncing)
      say(
        `  syncing: first sync in progress, ${report.syncing.done} of ${report.syncing.total} documents read${report.syncing.scanning ? ' (still scanning)' : ''}`,
      );
    say(
      `  freshness: lag p50 ${age(freshness.lag_p50_s)}, p95 ${age(freshness.lag_p95_s)}; oldest pending ${age(freshness.oldest_pending_age_s)}; ${freshness.failing} failing; last indexed ${freshness.last_indexed_at ?? 'never'}`,
    );
    if (freshness.first_sync.documents)
      say(
        `  first sync: ${freshness.first_sync.documents} documents indexed from the start-up backlog (lag p95 ${age(freshness.first_sync.lag_p95_s)}, not counted above)`,
      );
    say(`  pipeline: ${report.pipeline.running ? `running (pid ${report.pipeline.pid})` : 'not running'}`);
    if (report.index && !report.index.ok) say(`  ! index unavailable: ${report.index.detail}`);
    const interesting = values.all ? report.documents : report.documents.filter((doc) => doc.status !== 'indexed' && doc.status !== 'deleted');
    for (const doc of interesting) {
      say(
        `  ${doc.status.padEnd(11)} ${JSON.stringify(doc.path).slice(1, -1)}${doc.language && doc.language !== 'und' ? ` (${doc.language})` : ''}${doc.reason ? ` [${doc.reason}]` : ''}${doc.detail ? ` ${doc.detail}` : ''}`,
      );
    }
    if (!values.all && report.documents.length > interesting.length)
      say(`  (${report.documents.length - interesting.length} indexed or deleted documents not listed; --all lists them)`);
    if (values.json) printJson(report);
  } finally {
    await services.close();
  }
});

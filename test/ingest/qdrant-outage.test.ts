import { afterEach, describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../lib/status';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { QdrantDouble } from '../helpers/qdrant-double';
import { testConfig, waitFor } from '../helpers/temp';

let harness: PipelineHarness | null = null;
let qdrant: QdrantDouble | null = null;
afterEach(async () => {
  await harness?.close();
  await qdrant?.stop();
  harness = null;
  qdrant = null;
});

describe('Qdrant outage', () => {
  it('starts degraded, waits with backoff, reports the outage, and completes when Qdrant returns', async () => {
    qdrant = await new QdrantDouble().start();
    await qdrant.stop();
    // Starting with Qdrant down works: nothing is contacted until there is work.
    harness = await PipelineHarness.create({ config: testConfig({ QDRANT_URL: qdrant.url, DOCENT_JOB_MAX_BACKOFF_S: '1' }) });
    const h = harness;
    const outages: { down: boolean; detail: string }[] = [];
    h.pipeline.on('outage', (event) => outages.push(event));
    h.write('expenses.md', '# Expenses\n\nThe hotel cap is 160 EUR per night.\n');
    h.write('time-off.md', '# Time off\n\nEvery employee receives 25 days of paid vacation.\n');
    const summary = await h.sync();
    expect(summary.outcomes).toMatchObject({ retry: 2, indexed: 0 });
    expect(outages).toEqual([
      { down: true, detail: expect.stringMatching(/^Qdrant at http:\/\/127\.0\.0\.1:\d+ is not reachable: .*Documents wait and are retried with backoff\.$/) },
    ]);
    const health = await h.services.index.health();
    expect(health.ok).toBe(false);
    const report = buildStatusReport(h.services, null, health);
    expect(report.totals.pending).toBe(2);
    expect(report.freshness.failing).toBe(2);
    expect(report.index).toMatchObject({ backend: 'qdrant', ok: false, detail: expect.stringContaining('is not reachable') });
    expect(report.documents.every((doc) => doc.status === 'pending' && doc.detail?.includes('not reachable'))).toBe(true);
    await expect(h.search('hotel cap')).rejects.toMatchObject({ code: 'index_unavailable' });

    await qdrant.restart();
    const running = h.pipeline.run('forever');
    await waitFor(() => h.services.registry.list({ status: 'indexed' }).length === 2, {
      timeoutMs: 20_000,
      what: 'both documents indexed after Qdrant returned',
    });
    h.pipeline.stop();
    await running;
    expect(outages.at(-1)).toMatchObject({ down: false });
    expect((await h.search('hotel cap'))[0]!.path).toBe('expenses.md');
    expect(h.services.jobs.pending()).toEqual([]);
  });
});

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { getMeta } from '../../../lib/db';
import { ConflictError } from '../../../lib/errors';
import { reindexState, startReindex } from '../../../lib/web/reindex-trigger';
import { PipelineHarness } from '../../helpers/pipeline-harness';
import { waitFor } from '../../helpers/temp';

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('a reindex started from the web app', () => {
  it('runs as a process of its own, as bundled JavaScript rather than through tsx, and records the result it printed', async () => {
    harness = await PipelineHarness.create();
    harness.write('time-off.md', '# Time off\n\n## Vacation\n\nEvery employee receives 25 days of paid vacation per calendar year.\n');
    await harness.sync();
    const { config, db } = harness.services;
    expect(startReindex(config, db, { force: true }).running).toBe(true);
    const { owner } = JSON.parse(getMeta(db, 'web_reindex')!) as { owner: string };
    const command = fs.readFileSync(`/proc/${owner.split(':')[1]}/cmdline`, 'utf8').split('\0');
    expect(command).toContain('--json');
    expect(command.some((argument) => argument.endsWith('scripts/run.mjs'))).toBe(true);
    expect(command.join(' ')).not.toMatch(/tsx/);
    expect(() => startReindex(config, db, { force: true })).toThrow(ConflictError);

    const finished = await waitFor(() => (reindexState(config, db).running ? null : reindexState(config, db).last), {
      timeoutMs: 120_000,
      what: 'the reindex',
    });
    expect(finished.result).toMatchObject({ swapped: true });
  }, 150_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { waitFor } from '../helpers/temp';

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('folder rescans', () => {
  // The watcher asks for a rescan when chokidar cannot name a file (bytes that are not UTF-8, a link loop). The
  // hostile-files fault test once saw such a file, written while an earlier rescan read the folder, never given a status.
  it('scans the folder again when a rescan is asked for while one is running', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    const scan = h.pipeline.reconcile.bind(h.pipeline);
    let scans = 0;
    h.pipeline.reconcile = async (root, origin) => {
      const result = await scan(root, origin);
      scans += 1;
      // The folder has been read; a file arrives now and its event asks for another scan.
      if (scans === 1) {
        h.write('late.md', '# Parking\n\nParking spaces are assigned by facilities.\n');
        h.pipeline.rescan.add(root);
      }
      return result;
    };
    h.pipeline.rescan.add(h.root);
    const running = h.pipeline.run('forever');
    try {
      await waitFor(() => h.document('late.md')?.status === 'indexed', { timeoutMs: 30_000, what: 'the file written during the first scan' });
    } finally {
      h.pipeline.stop();
      await running;
    }
    expect(scans).toBe(2);
    expect(h.pipeline.rescan.size).toBe(0);
  });
});

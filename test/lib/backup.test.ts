import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, restore } from '../../lib/backup';
import { openServices } from '../../lib/services';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { tempDir, testConfig } from '../helpers/temp';

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('backup and restore (embedded backend)', () => {
  it('restores into an empty data directory a Docent that serves the same documents', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    h.write('expenses.md', '# Expenses\n\nThe hotel cap is 160 EUR per night.\n');
    h.write('time-off.md', '# Time off\n\nEvery employee receives 25 days of paid vacation.\n');
    await h.sync();
    fs.writeFileSync(h.config.passwordsPath, JSON.stringify({ '*.pdf': 'pw' }));
    const target = path.join(tempDir(), 'backup');
    const manifest = await backup(h.config, target);
    expect(manifest).toMatchObject({ generation: 'g1', backend: 'embedded', documents: 2, files: ['passwords.json'], qdrant_snapshots: [] });
    await expect(backup(h.config, target)).rejects.toMatchObject({ code: 'backup_target_not_empty' });

    const restoredConfig = testConfig();
    fs.rmSync(restoredConfig.dataDir, { recursive: true });
    await restore(restoredConfig, target);
    const restored = await openServices(restoredConfig);
    try {
      expect(restored.registry.list().map((doc) => [doc.path, doc.status, doc.chunkCount])).toEqual(
        h.services.registry.list().map((doc) => [doc.path, doc.status, doc.chunkCount]),
      );
      expect(await restored.index.count()).toBe(await h.services.index.count());
      expect(fs.readFileSync(restoredConfig.passwordsPath, 'utf8')).toContain('*.pdf');
    } finally {
      await restored.close();
    }
    await expect(restore(restoredConfig, target)).rejects.toMatchObject({ code: 'restore_target_not_empty' });
    await expect(restore(testConfig(), tempDir())).rejects.toMatchObject({ code: 'restore_not_a_backup' });
  });
});

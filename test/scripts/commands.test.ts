import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-script';
import { tempDir } from '../helpers/temp';

describe('pipeline commands', () => {
  it('ingest, status, search and quarantine speak the JSON of INTERFACES.md', async () => {
    const env = { DOCENT_DATA_DIR: tempDir('docent-cli-'), DOCENT_EMBED_THREADS: '1' };
    const folder = tempDir('docent-cli-kb-');
    fs.writeFileSync(path.join(folder, 'expenses.md'), '# Expenses\n\nThe hotel cap is 160 EUR per night.\n');
    fs.writeFileSync(path.join(folder, 'broken.pdf'), '%PDF-1.4 this is not really a pdf');

    const ingest = await runScript('ingest.ts', [folder, '--json'], env);
    expect(ingest.code).toBe(0);
    expect(ingest.json).toMatchObject({ folder: fs.realpathSync(folder), outcomes: { indexed: 1, quarantined: 1 } });
    expect(ingest.stderr).toContain('Synced');

    const status = await runScript('status.ts', ['--json'], env);
    expect(status.code).toBe(0);
    expect(status.json).toMatchObject({
      generation: 'g1',
      embedder: 'local:universal-sentence-encoder-lite:512',
      totals: { indexed: 1, pending: 0, quarantined: 1, deleted: 0, chunks: 1 },
    });
    const documents = (status.json as { documents: Record<string, unknown>[] }).documents;
    expect(documents.find((doc) => doc.path === 'broken.pdf')).toMatchObject({ status: 'quarantined', reason: 'corrupt', detail: expect.any(String) });
    expect(documents.find((doc) => doc.path === 'expenses.md')).toMatchObject({
      status: 'indexed',
      reason: null,
      indexed_at: expect.any(String),
      modified_at: expect.any(String),
      lag_s: expect.any(Number),
    });

    const search = await runScript('search.ts', ['what is the hotel cap', '--k', '3', '--json'], env);
    expect(search.code).toBe(0);
    const results = (search.json as { results: Record<string, unknown>[] }).results;
    expect(results[0]).toMatchObject({
      path: 'expenses.md',
      page: null,
      heading: 'Expenses',
      score: expect.any(Number),
      text: expect.stringContaining('160 EUR'),
    });

    const quarantine = await runScript('quarantine.ts', ['list', '--json'], env);
    expect(quarantine.json).toMatchObject({ documents: [{ path: 'broken.pdf', reason: 'corrupt' }] });
  });

  it('reports each document’s language in status and filters search by it', async () => {
    const env = { DOCENT_DATA_DIR: tempDir('docent-cli-'), DOCENT_EMBED_THREADS: '1' };
    const folder = tempDir('docent-cli-kb-');
    fs.copyFileSync('test/fixtures/languages/urlaub.md', path.join(folder, 'urlaub.md'));
    fs.copyFileSync('test/fixtures/languages/conges.md', path.join(folder, 'conges.md'));
    expect((await runScript('ingest.ts', [folder, '--json'], env)).code).toBe(0);
    const status = await runScript('status.ts', ['--json', '--all'], env);
    expect(status.json).toMatchObject({ languages: { de: 1, fr: 1 } });
    expect(status.stderr).toContain('languages: ');
    const german = await runScript('search.ts', ['Urlaub Tage Jahr', '--language', 'de', '--json'], env);
    const results = (german.json as { results: { path: string; language: string }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.path === 'urlaub.md' && result.language === 'de')).toBe(true);
  });

  it('the XQuAD evaluations say what to download and exit 2 when the dataset is absent', async () => {
    for (const script of ['eval-languages.ts', 'calibrate-languages.ts']) {
      const run = await runScript(script, ['--datasets', '/nonexistent/datasets'], { DOCENT_DATA_DIR: tempDir('docent-cli-') });
      expect(run.code, script).toBe(2);
      expect(run.stderr, script).toContain('/nonexistent/datasets/xquad/xquad.');
    }
  });

  it('explains bad usage and missing folders in one line, without a stack trace', async () => {
    const env = { DOCENT_DATA_DIR: tempDir('docent-cli-') };
    const missing = await runScript('ingest.ts', ['/nonexistent/folder'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('docent: The folder /nonexistent/folder does not exist.');
    const usage = await runScript('search.ts', [], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^docent: usage: npm run search/);
    const badConfig = await runScript('status.ts', [], { ...env, DOCENT_EMBEDDER: 'magic' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/Invalid configuration[\s\S]*DOCENT_EMBEDDER/);
    expect(badConfig.stderr).not.toMatch(/\n\s+at /);
  });
});

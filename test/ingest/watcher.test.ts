import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExtractionSandbox } from '../../ingest/extract-sandbox';
import { searchChunks } from '../../lib/retrieval';
import { buildStatusReport } from '../../lib/status';
import { LocalEmbedder } from '../../lib/embedder/local-embedder';
import { type Services, openServices } from '../../lib/services';
import { type WatcherHandle, prepareWatchDir, startWatcher } from '../../ingest/watcher';
import { tempDir, testConfig, waitFor } from '../helpers/temp';

let services: Services | null = null;
let watcher: WatcherHandle | null = null;
afterEach(async () => {
  watcher?.stop();
  await watcher?.done;
  await services?.close();
  watcher = null;
  services = null;
});

describe('watching a folder', () => {
  it('creates the default folder with the sample documents, only when it does not exist', () => {
    const parent = tempDir();
    const examples = path.join(parent, 'examples');
    fs.mkdirSync(path.join(examples, 'handbook'), { recursive: true });
    fs.writeFileSync(path.join(examples, 'handbook', 'a.md'), '# A\n\ntext');
    fs.writeFileSync(path.join(examples, 'README.md'), 'about the samples');
    const config = testConfig({ DOCENT_WATCH_DIR: path.join(parent, 'knowledge'), DOCENT_EXAMPLES_DIR: examples });
    const messages: string[] = [];
    const root = prepareWatchDir(config, (message) => messages.push(message));
    expect(fs.readdirSync(root, { recursive: true }).sort()).toEqual(['handbook', path.join('handbook', 'a.md')]);
    fs.rmSync(path.join(root, 'handbook', 'a.md'));
    expect(fs.readFileSync(config.gate.evalSetPath, 'utf8')).toContain('"question"');
    expect(messages).toHaveLength(2);
    prepareWatchDir(config, (message) => messages.push(message));
    expect(fs.existsSync(path.join(root, 'handbook', 'a.md'))).toBe(false);
    expect(messages).toHaveLength(2);
  });

  it('indexes files as they are added, changed, renamed and deleted', async () => {
    const config = testConfig();
    const root = tempDir('docent-watch-');
    fs.writeFileSync(path.join(root, 'present-at-start.md'), '# Parking\n\nParking spaces are assigned by facilities.');
    services = await openServices(config);
    const log: string[] = [];
    watcher = await startWatcher(services, [root], (message) => log.push(message));
    const s = services;
    const top = async (query: string) => (await searchChunks(s, query, { k: 1 }))[0];
    await waitFor(async () => (await top('parking spaces'))?.path === 'present-at-start.md', { what: 'the file present at start' });

    fs.writeFileSync(path.join(root, 'cafe.md'), '# Cafeteria\n\nThe cafeteria opens at 8am on weekdays.');
    await waitFor(async () => (await top('when does the cafeteria open'))?.path === 'cafe.md', { what: 'an added file' });

    fs.writeFileSync(path.join(root, 'cafe.md'), '# Cafeteria\n\nThe cafeteria opens at 7:30 on weekdays.');
    await waitFor(async () => (await top('when does the cafeteria open'))?.text.includes('7:30'), { what: 'a changed file' });

    fs.mkdirSync(path.join(root, 'facilities'));
    fs.renameSync(path.join(root, 'cafe.md'), path.join(root, 'facilities', 'cafeteria.md'));
    await waitFor(async () => (await top('when does the cafeteria open'))?.path === 'facilities/cafeteria.md', { what: 'a renamed file' });
    await waitFor(() => s.registry.listByRoot(root).find((doc) => doc.path === 'cafe.md')?.status === 'deleted', { what: 'the old name to go' });
    // Queries use the same embedder, so the move is checked in its own record: nothing embedded.
    expect(log.find((line) => line.startsWith('moved'))).toMatch(/facilities\/cafeteria\.md \(1 chunks, 0 embedded/);

    fs.rmSync(path.join(root, 'facilities', 'cafeteria.md'));
    await waitFor(async () => (await s.index.count({ pathPrefix: 'facilities/' })) === 0, { what: 'a deleted file' });
  });

  it('starts the extraction and embedding workers when a file appears, while its write settles', async () => {
    const root = tempDir('docent-watch-');
    services = await openServices(testConfig({ DOCENT_WATCH_STABILITY_MS: '800' }));
    const calls: { what: string; at: number }[] = [];
    const record = (what: string) => void calls.push({ what, at: performance.now() });
    const extractorPrepared = vi.spyOn(ExtractionSandbox.prototype, 'prepare').mockImplementation(() => record('extractor'));
    const embedderPrepared = vi.spyOn(services.scheduler.embedder, 'prepare').mockImplementation(() => record('embedder'));
    try {
      watcher = await startWatcher(services, [root], () => undefined);
      watcher.pipeline.on('stage', ({ stage }) => record(stage));
      // A file Docent does not read starts no worker (it is quarantined as an unsupported type).
      fs.writeFileSync(path.join(root, 'app.sqlite'), 'not a document');
      await waitFor(() => services!.registry.listByRoot(root).some((doc) => doc.status === 'quarantined'), { what: 'the unsupported file' });
      expect(calls.filter((call) => call.what === 'extractor' || call.what === 'embedder')).toEqual([]);
      calls.length = 0;
      fs.writeFileSync(path.join(root, 'garden.md'), '# Garden\n\nThe garden is watered on Mondays.');
      await waitFor(() => calls.some((call) => call.what === 'extracting'), { what: 'the file to be read' });
      // Prepared on the raw change, before the stability wait (800 ms) let the file through.
      expect(
        calls
          .slice(0, 2)
          .map((call) => call.what)
          .sort(),
      ).toEqual(['embedder', 'extractor']);
      const extracting = calls.find((call) => call.what === 'extracting')!;
      expect(extracting.at - calls[0]!.at).toBeGreaterThan(500);
    } finally {
      extractorPrepared.mockRestore();
      embedderPrepared.mockRestore();
    }
  });

  it('loads one embedding thread for a file, though two are allowed', async () => {
    const root = tempDir('docent-watch-');
    services = await openServices(testConfig({ DOCENT_EMBED_THREADS: '2', DOCENT_CHUNK_SIZE: '200', DOCENT_CHUNK_OVERLAP: '0' }));
    const embedder = services.scheduler.embedder as LocalEmbedder;
    let most = 0;
    const sample = setInterval(() => (most = Math.max(most, embedder.threadsAlive)), 5);
    try {
      watcher = await startWatcher(services, [root], () => undefined);
      const sections = ['Garden', 'Kitchen', 'Library', 'Parking'].map(
        (name) => `## ${name}\n\nThe ${name.toLowerCase()} is cleaned on Mondays by the facilities team.`,
      );
      fs.writeFileSync(path.join(root, 'rota.md'), `# Cleaning rota\n\n${sections.join('\n\n')}`);
      await waitFor(() => services!.registry.listByRoot(root).some((doc) => doc.status === 'indexed'), { what: 'the file' });
    } finally {
      clearInterval(sample);
    }
    expect(await services.index.count()).toBeGreaterThan(1);
    expect(most).toBe(1);
  });

  it('ignores editor and office temp files', async () => {
    const config = testConfig();
    const root = tempDir('docent-watch-');
    services = await openServices(config);
    watcher = await startWatcher(services, [root], () => undefined);
    fs.writeFileSync(path.join(root, '~$report.docx'), 'lock');
    fs.writeFileSync(path.join(root, '.notes.md.swp'), 'swap');
    fs.writeFileSync(path.join(root, 'real.md'), '# Real\n\nA real document about the garden.');
    const s = services;
    await waitFor(() => s.registry.listByRoot(root).some((doc) => doc.status === 'indexed'), { what: 'the real file' });
    expect(s.registry.listByRoot(root).map((doc) => doc.path)).toEqual(['real.md']);
  });

  it('gives a status to links, loops and names that are not UTF-8 created while it watches', async () => {
    const config = testConfig();
    const root = tempDir('docent-watch-');
    services = await openServices(config);
    watcher = await startWatcher(services, [root], () => undefined);
    fs.symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
    fs.symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
    fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), '# Menu\n\nSoup on Mondays.');
    fs.writeFileSync(path.join(root, 'two\nlines.md'), '# Garden\n\nThe garden is watered on Tuesdays.');
    const s = services;
    const statuses = () => Object.fromEntries(s.registry.listByRoot(root).map((doc) => [doc.path, `${doc.status}/${doc.reason ?? '-'}`]));
    // Each entry settles: the links and the bad name quarantined, the file indexed (never left pending).
    await waitFor(() => Object.keys(statuses()).length === 4 && !Object.values(statuses()).some((status) => status.startsWith('pending')), {
      what: 'all four entries',
      timeoutMs: 30_000,
    });
    expect(statuses()).toEqual({
      'caf\uFFFD.md': 'quarantined/unsupported_type',
      'loop-a': 'quarantined/unsupported_type',
      'loop-b': 'quarantined/unsupported_type',
      'two\nlines.md': 'indexed/-',
    });
  });
});

describe('the start-up sync', () => {
  it('reports its progress until the backlog is read, and keeps the backlog out of the freshness lag', async () => {
    const config = testConfig();
    const root = tempDir('docent-watch-');
    const topics = ['parking', 'cafeteria', 'library', 'garden', 'printing', 'lockers'];
    for (const topic of topics) fs.writeFileSync(path.join(root, `${topic}.md`), `# ${topic}\n\nEverything about the ${topic} at the office.`);
    services = await openServices(config);
    const s = services;
    expect(s.syncProgress(), 'no sync before the watcher runs').toBeNull();
    watcher = await startWatcher(s, [root], () => undefined);
    const first = s.syncProgress();
    expect(first).toMatchObject({ total: topics.length, scanning: false });
    expect(first!.done).toBeLessThanOrEqual(topics.length);
    const seen = new Set<number>();
    await waitFor(
      () => {
        const progress = s.syncProgress();
        if (progress) seen.add(progress.done);
        return progress === null;
      },
      { what: 'the end of the start-up sync', intervalMs: 5 },
    );
    expect(Math.max(...seen)).toBeLessThan(topics.length);
    let report = buildStatusReport(s, process.pid);
    expect(report.syncing).toBeNull();
    expect(report.totals.indexed).toBe(topics.length);
    expect(report.documents.every((doc) => doc.first_sync)).toBe(true);
    expect(report.freshness.first_sync.documents).toBe(topics.length);
    expect(report.freshness.lag_p95_s, 'the backlog is not a pipeline lag').toBeNull();

    fs.writeFileSync(path.join(root, 'bikes.md'), '# Bikes\n\nBikes are parked in the courtyard.');
    await waitFor(() => s.registry.listByRoot(root).find((doc) => doc.path === 'bikes.md')?.status === 'indexed', { what: 'a file added while watching' });
    report = buildStatusReport(s, process.pid);
    expect(report.documents.find((doc) => doc.path === 'bikes.md')).toMatchObject({ first_sync: false, lag_s: expect.any(Number) });
    expect(report.freshness.lag_p95_s).not.toBeNull();
    expect(report.freshness.first_sync.documents).toBe(topics.length);
    expect(s.syncProgress()).toBeNull();
  });
});

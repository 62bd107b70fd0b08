import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobQueue } from '../../lib/jobs';
import { buildStatusReport } from '../../lib/status';
import { makeDocx, makePdf } from '../helpers/documents';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { tempDir, testConfig } from '../helpers/temp';

const VACATION =
  '# Time off\n\n## Vacation\n\nEvery employee receives 25 days of paid vacation per calendar year.\n\n## Carry-over\n\nUp to 5 unused days may be carried over until March 31.\n';
const EXPENSES = '# Expenses\n\nThe hotel cap is 160 EUR per night. Meals are reimbursed up to 45 EUR per day.\n';

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

// Without the run's embedding cache: these tests count the texts and calls that reach the embedder.
async function start(options: Parameters<typeof PipelineHarness.create>[0] = { config: testConfig({ DOCENT_EMBED_CACHE: '' }) }) {
  harness = await PipelineHarness.create(options);
  return harness;
}

describe('ingestion pipeline, end to end on the embedded default', () => {
  it('makes an added file searchable with what a citation needs', async () => {
    const h = await start();
    h.write('handbook/time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    const summary = await h.sync();
    expect(summary.outcomes.indexed).toBe(2);
    const [hit] = await h.search('How many vacation days do I get per year?');
    expect(hit).toMatchObject({ path: 'handbook/time-off.md', heading: 'Time off › Vacation', title: 'Time off', fileType: 'markdown' });
    expect(hit!.text).toContain('25 days of paid vacation');
    const doc = h.document('handbook/time-off.md')!;
    expect(doc).toMatchObject({ status: 'indexed', chunkCount: 2, embedder: 'local:universal-sentence-encoder-lite:512' });
    expect(doc.indexedAt).toBeGreaterThanOrEqual(doc.modifiedAt!);
  });

  it('announces the stages of each document in order, and none for a file that did not change', async () => {
    const h = await start();
    const stages: string[] = [];
    h.pipeline.on('stage', ({ path: file, stage }) => stages.push(`${file}: ${stage}`));
    h.write('expenses.md', EXPENSES);
    await h.sync();
    expect(stages).toEqual(['expenses.md: extracting', 'expenses.md: chunking', 'expenses.md: embedding', 'expenses.md: writing']);
    stages.length = 0;
    await h.sync();
    expect(stages).toEqual([]);
  });

  it('cites PDF pages and DOCX headings', async () => {
    const h = await start();
    h.write(
      'safety.pdf',
      await makePdf(['General workshop rules apply to everyone.', 'Kiln work requires heat-resistant gloves rated to 500 degrees.'], {
        title: 'Safety manual',
      }),
    );
    h.write(
      'conduct.docx',
      await makeDocx('Code of conduct', [{ heading: 'Gifts', paragraphs: ['Gifts worth more than 50 EUR must be declared to the ethics line.'] }]),
    );
    await h.sync();
    const [kiln] = await h.search('gloves for the kiln');
    expect(kiln).toMatchObject({ path: 'safety.pdf', page: 2, title: 'Safety manual', fileType: 'pdf' });
    const [gifts] = await h.search('declare gifts over 50 EUR');
    expect(gifts).toMatchObject({ path: 'conduct.docx', heading: 'Code of conduct › Gifts' });
  });

  it('replaces an edited file: the old text is gone and the new text is found', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    await h.sync();
    h.write(
      'time-off.md',
      VACATION.replace('25 days', '28 days').replace(
        '## Carry-over\n\nUp to 5 unused days may be carried over until March 31.\n',
        '## Sabbatical\n\nAfter seven years you may take a sabbatical of three months.\n',
      ),
    );
    const summary = await h.sync();
    expect(summary.outcomes.indexed).toBe(1);
    const chunks = await h.chunksOf('time-off.md');
    expect(chunks.map((chunk) => chunk.text).join(' ')).toContain('28 days');
    expect(chunks.map((chunk) => chunk.text).join(' ')).not.toMatch(/25 days|carried over/);
    const hits = await h.search('carried over until March 31', 10);
    expect(hits.every((hit) => !hit.text.includes('March 31'))).toBe(true);
    expect((await h.search('sabbatical'))[0]!.text).toContain('three months');
  });

  it('leaves nothing behind for a deleted file', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    await h.sync();
    const id = h.document('time-off.md')!.id;
    h.remove('time-off.md');
    const summary = await h.sync();
    expect(summary.outcomes.deleted).toBe(1);
    expect(await h.services.index.count({ docIds: [id] })).toBe(0);
    expect(h.document('time-off.md')!.status).toBe('deleted');
    expect((await h.search('vacation days', 10)).every((hit) => hit.path !== 'time-off.md')).toBe(true);
    expect(await h.services.index.count()).toBe(h.document('expenses.md')!.chunkCount);
  });

  it('moves a renamed file without embedding anything, leaving exactly one copy', async () => {
    const h = await start();
    h.write('drafts/time-off.md', VACATION);
    await h.sync();
    const before = await h.services.index.count();
    const calls = h.embedCalls;
    h.rename('drafts/time-off.md', 'handbook/leave.md');
    const summary = await h.sync();
    expect(summary.outcomes.moved).toBe(1);
    expect(h.embedCalls).toBe(calls);
    expect(await h.services.index.count()).toBe(before);
    expect(h.document('drafts/time-off.md')).toMatchObject({ status: 'deleted', detail: 'Renamed to handbook/leave.md.' });
    expect(h.document('handbook/leave.md')).toMatchObject({ status: 'indexed', chunkCount: 2 });
    const hits = await h.search('paid vacation days', 10);
    expect(hits.filter((hit) => hit.text.includes('25 days')).map((hit) => hit.path)).toEqual(['handbook/leave.md']);
  });

  it('re-ingesting unchanged files costs no embedding call and no index write', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    await h.sync();
    const calls = h.embedCalls;
    const writes = h.writes;
    // Touching a file changes its mtime but not its bytes: hashed, found equal, skipped.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(h.root, 'expenses.md'), later, later);
    const summary = await h.sync();
    expect(summary.scan.unchanged).toBe(2);
    expect(h.embedCalls - calls).toBe(0);
    expect(h.writes - writes).toBe(0);
    // A restarted process sees the same.
    await h.restart();
    const writesBeforeRestartedSync = h.writes;
    await h.sync();
    expect(h.embedCalls).toBe(0);
    expect(h.writes - writesBeforeRestartedSync).toBe(0);
  });

  it('re-embeds only the chunks that changed', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    await h.sync();
    const texts = (await h.chunksOf('time-off.md')).length;
    const embeddedBefore = h.services.scheduler.stats.texts;
    h.write('time-off.md', VACATION.replace('March 31', 'April 30'));
    await h.sync();
    expect(texts).toBe(2);
    expect(h.services.scheduler.stats.texts - embeddedBefore).toBe(1);
  });

  it('reconciles changes made while it was not running', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    h.write('old.md', '# Old\n\nThis policy was retired in 2025 and replaced.');
    await h.sync();
    await h.restart();
    h.write('expenses.md', EXPENSES.replace('160 EUR', '175 EUR'));
    h.remove('old.md');
    h.write('new.md', '# Parking\n\nParking spaces are assigned by the facilities team.');
    const summary = await h.sync();
    expect(summary.scan).toMatchObject({ added: 1, changed: 1, deleted: 1, unchanged: 1 });
    expect((await h.search('hotel cap per night'))[0]!.text).toContain('175 EUR');
    expect(h.document('old.md')!.status).toBe('deleted');
    expect((await h.search('parking spaces'))[0]!.path).toBe('new.md');
  });

  it('resumes jobs left by a crash, including ones leased by a dead process', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    h.write('expenses.md', EXPENSES);
    await h.pipeline.reconcile(h.root);
    const jobs = new JobQueue(h.services.db);
    // A process that claimed the jobs and died: its leases name a pid that no longer exists.
    jobs.claimDue('localhost-dead:99999999', 10, 600);
    h.services.db.prepare('update jobs set lease_owner = ? ').run(`${(await import('node:os')).hostname()}:99999999`);
    await h.restart();
    const summary = await h.sync();
    expect(summary.outcomes.indexed).toBe(2);
    expect(h.services.jobs.pending()).toEqual([]);
  });

  it('records duplicates once, and promotes a duplicate when the original goes', async () => {
    const h = await start();
    h.write('a/time-off.md', VACATION);
    await h.sync();
    h.write('b/copy-of-time-off.md', VACATION);
    await h.sync();
    const original = h.document('a/time-off.md')!;
    expect(h.document('b/copy-of-time-off.md')).toMatchObject({ status: 'duplicate', reason: 'duplicate_of', duplicateOf: original.id, chunkCount: 0 });
    expect(await h.services.index.count()).toBe(original.chunkCount);
    h.remove('a/time-off.md');
    await h.sync();
    expect(h.document('b/copy-of-time-off.md')).toMatchObject({ status: 'indexed', chunkCount: 2 });
    expect((await h.search('paid vacation days'))[0]!.path).toBe('b/copy-of-time-off.md');
  });

  it('indexes identical files arriving together once, however their processing interleaves', async () => {
    const h = await start();
    for (const name of ['a.md', 'b.md', 'c.md', 'd.md', 'e.md']) h.write(name, VACATION);
    await h.sync();
    const docs = h.services.registry.listByRoot(h.root);
    const indexed = docs.filter((doc) => doc.status === 'indexed');
    expect(indexed).toHaveLength(1);
    expect(docs.filter((doc) => doc.status === 'duplicate' && doc.duplicateOf === indexed[0]!.id)).toHaveLength(4);
    expect(await h.services.index.count()).toBe(indexed[0]!.chunkCount);
  });

  it('quarantines bad files with a reason and never indexes any part of them', async () => {
    const h = await start({ config: testConfig({ DOCENT_MAX_FILE_MB: '0.05' }) });
    h.write('locked.pdf', await makePdf(['Board minutes.'], { userPassword: 'pw1' }));
    h.write('broken.pdf', (await makePdf(['This PDF will be truncated in the middle.'])).subarray(0, 300));
    h.write('binary.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
    h.write('archive.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    h.write('empty.md', '# \n\n');
    h.write('huge.txt', 'lorem ipsum '.repeat(10_000));
    h.write('garbled.txt', '\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\u0001\u0002\u0003 '.repeat(20));
    h.write('good.md', EXPENSES);
    const summary = await h.sync();
    expect(summary.outcomes).toMatchObject({ indexed: 1, quarantined: 7 });
    const reasons = Object.fromEntries(h.services.registry.list({ status: 'quarantined' }).map((doc) => [doc.path, doc.reason]));
    expect(reasons).toEqual({
      'binary.txt': 'unsupported_type',
      'broken.pdf': 'corrupt',
      'empty.md': 'empty_text',
      'garbled.txt': 'garbled_text',
      'huge.txt': 'oversize',
      'archive.zip': 'unsupported_type',
      'locked.pdf': 'encrypted',
    });
    expect(await h.services.index.count()).toBe(h.document('good.md')!.chunkCount);
  });

  it('opens an encrypted PDF after its password is added and the file is retried', async () => {
    const h = await start();
    h.write('finance/board.pdf', await makePdf(['The board approved a budget of 2.4 million EUR.'], { userPassword: 'minutes-2026' }));
    await h.sync();
    expect(h.document('finance/board.pdf')!.reason).toBe('encrypted');
    fs.writeFileSync(h.config.passwordsPath, JSON.stringify({ 'finance/*.pdf': ['wrong', 'minutes-2026'] }));
    await h.restart();
    h.pipeline.retry(h.document('finance/board.pdf')!.id);
    await h.pipeline.run('untilIdle');
    expect(h.document('finance/board.pdf')!.status).toBe('indexed');
    expect((await h.search('board budget'))[0]!.path).toBe('finance/board.pdf');
  });

  it('keeps the previous good version searchable when a new version fails the gates', async () => {
    const h = await start();
    h.write('expenses.md', EXPENSES);
    await h.sync();
    h.write('expenses.md', Buffer.from([0, 1, 2, 3, 0, 0, 0]));
    await h.sync();
    const doc = h.document('expenses.md')!;
    expect(doc).toMatchObject({ status: 'quarantined', reason: 'unsupported_type', chunkCount: 1 });
    expect(doc.detail).toContain('previous version');
    expect((await h.search('hotel cap'))[0]!.path).toBe('expenses.md');
    h.write('expenses.md', EXPENSES.replace('160', '170'));
    await h.sync();
    expect(h.document('expenses.md')!.status).toBe('indexed');
    expect((await h.search('hotel cap'))[0]!.text).toContain('170 EUR');
  });

  it('a sync of one folder never touches documents under another', async () => {
    const h = await start();
    const other = tempDir('docent-other-');
    h.write('time-off.md', VACATION);
    fs.writeFileSync(path.join(other, 'expenses.md'), EXPENSES);
    await h.sync();
    await h.sync(other);
    fs.rmSync(path.join(other, 'expenses.md'));
    const summary = await h.sync();
    expect(summary.scan.deleted).toBe(0);
    expect(h.document('expenses.md', other)!.status).toBe('indexed');
    await h.sync(other);
    expect(h.document('expenses.md', other)!.status).toBe('deleted');
    expect(h.document('time-off.md')!.status).toBe('indexed');
  });

  it('reports freshness per document and for the index', async () => {
    const h = await start();
    h.write('time-off.md', VACATION);
    await h.pipeline.reconcile(h.root);
    const pending = buildStatusReport(h.services, null);
    expect(pending.totals.pending).toBe(1);
    expect(pending.freshness.pending).toBe(1);
    expect(pending.documents[0]).toMatchObject({ path: 'time-off.md', status: 'pending' });
    await h.pipeline.run('untilIdle');
    const report = buildStatusReport(h.services, null);
    expect(report).toMatchObject({
      generation: 'g1',
      backend: 'embedded',
      totals: { indexed: 1, pending: 0, chunks: 2 },
      freshness: { pending: 0, failing: 0 },
    });
    expect(report.documents[0]!.lag_s).toBeGreaterThanOrEqual(0);
    expect(report.documents[0]!.lag_s).toBeLessThan(30);
    expect(report.freshness.lag_p95_s).not.toBeNull();
  });

  it('marks links, FIFOs and undecodable names instead of skipping or hanging on them', async () => {
    const h = await start();
    h.write('real.md', EXPENSES);
    fs.symlinkSync(path.join(h.root, 'real.md'), path.join(h.root, 'link.md'));
    fs.symlinkSync(path.join(h.root, 'loop-a'), path.join(h.root, 'loop-b'));
    fs.symlinkSync(path.join(h.root, 'loop-b'), path.join(h.root, 'loop-a'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(h.root, 'pipe.txt')]);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${h.root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.md')]), 'text');
    await h.sync();
    const quarantined = h.services.registry.list({ status: 'quarantined' });
    expect(quarantined.map((doc) => doc.path).sort()).toEqual(['bad-\uFFFD\uFFFD.md', 'link.md', 'loop-a', 'loop-b', 'pipe.txt']);
    expect(quarantined.every((doc) => doc.reason === 'unsupported_type' && doc.detail)).toBe(true);
    expect(h.document('real.md')!.status).toBe('indexed');
  });
});

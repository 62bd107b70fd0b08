import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OcrEngine, prepareLanguages } from '../../ingest/ocr';
import { buildStatusReport } from '../../lib/status';
import { makeScannedPdf } from '../helpers/documents';
import { blankImage, textImage } from '../helpers/images';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { tempDir, testConfig, waitFor } from '../helpers/temp';

const KILN = ['Kiln Safety', 'The kiln gloves are rated to 500 degrees.', 'Report every burn within 24 hours.'];

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('OCR language data', () => {
  it('collects the language data into one folder, and names what is missing', () => {
    const cache = tempDir();
    prepareLanguages(['eng'], [], cache);
    expect(fs.statSync(path.join(cache, 'eng.traineddata')).size).toBeGreaterThan(1_000_000);
    expect(() => prepareLanguages(['eng', 'xyz'], ['/nonexistent/tessdata'], tempDir())).toThrowError(
      /OCR language data for "xyz" was not found \(looked in: .*\/nonexistent\/tessdata\/xyz\.traineddata\)\. Install Debian's tesseract-ocr-xyz package/,
    );
  });
});

describe('OCR engine', () => {
  let engine: OcrEngine;
  beforeAll(() => {
    engine = new OcrEngine({ languages: ['eng'], workers: 1, pageTimeoutMs: 60_000, tessdataDirs: [], cacheDir: tempDir() });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads PNG, JPEG and WebP page images with a confidence', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      const { text, confidence } = await engine.recognize(await textImage(KILN, { format }), 1);
      expect(text, format).toContain('rated to 500 degrees');
      expect(confidence).toBeGreaterThan(70);
    }
  });

  it('rejects a corrupt image with a clear error instead of crashing or hanging', async () => {
    await expect(engine.recognize(Buffer.from('this is not an image'), 3)).rejects.toMatchObject({
      code: 'ocr_page_failed',
      kind: 'unreadable',
      message: expect.stringContaining('Page 3 could not be read'),
    });
    const { text } = await engine.recognize(await textImage(['Still working after that.']), 1);
    expect(text).toContain('Still working');
  });

  it('stops a page that exceeds its time limit and carries on with a fresh worker', async () => {
    const hurried = new OcrEngine({ languages: ['eng'], workers: 1, pageTimeoutMs: 1, tessdataDirs: [], cacheDir: tempDir() });
    try {
      await expect(hurried.recognize(await textImage(KILN), 1)).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      await hurried.close();
    }
  });
});

describe('OCR in the pipeline', () => {
  it('indexes an image-only PDF with page numbers and OCR confidence, and shows progress while it runs', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    h.write('scans/safety.pdf', await makeScannedPdf([await textImage(['Workshop rules', 'Safety glasses are worn at all times.']), await textImage(KILN)]));
    await h.pipeline.reconcile(h.root);
    const seen: string[] = [];
    const running = h.pipeline.run('untilIdle');
    await waitFor(
      () => {
        const detail = buildStatusReport(h.services, null).documents[0]?.detail ?? '';
        if (detail.startsWith('OCR page')) seen.push(detail);
        return h.services.jobs.pending().length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    );
    await running;
    expect(seen.some((detail) => /^OCR page \d\/2$/.test(detail))).toBe(true);
    expect(h.document('scans/safety.pdf')).toMatchObject({ status: 'indexed', fileType: 'pdf' });
    const [hit] = await h.search('What are kiln gloves rated to?');
    expect(hit).toMatchObject({ path: 'scans/safety.pdf', page: 2 });
    const chunk = (await h.chunksOf('scans/safety.pdf')).find((point) => point.payload.page === 2)!;
    expect(chunk.payload).toMatchObject({ ocr: true, low_confidence: false });
    expect(chunk.payload.ocr_confidence).toBeGreaterThan(70);
  });

  it('keeps the text layer of a mixed PDF and reads only its scanned pages; accepts images', async () => {
    harness = await PipelineHarness.create();
    const h = harness;
    h.write('mixed.pdf', await makeScannedPdf(['The cafeteria opens at eight in the morning on weekdays.', await textImage(KILN)]));
    h.write('notice.png', await textImage(['Parking permits are issued at reception.']));
    h.write('notice.webp', await textImage(['The library closes at six on Fridays.'], { format: 'webp' }));
    await h.sync();
    const chunks = await h.chunksOf('mixed.pdf');
    expect(chunks.find((point) => point.payload.page === 1)!.payload.ocr).toBeUndefined();
    expect(chunks.find((point) => point.payload.page === 2)!.payload.ocr).toBe(true);
    expect(h.document('notice.png')).toMatchObject({ status: 'indexed', fileType: 'image' });
    expect((await h.search('Where are parking permits issued?'))[0]!.path).toBe('notice.png');
    expect(h.document('notice.webp')!.status).toBe('indexed');
  });

  it('quarantines unreadable scans (ocr_no_text), corrupt images (corrupt) and missing language data, with clear details', async () => {
    harness = await PipelineHarness.create({ config: testConfig({ DOCENT_OCR_LANGUAGES: 'eng' }) });
    const h = harness;
    h.write('blank.pdf', await makeScannedPdf([await blankImage(), await blankImage()]));
    h.write('broken.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('garbage after a PNG signature')]));
    h.write('fake.jpg', Buffer.from('not even an image'));
    await h.sync();
    expect(h.document('blank.pdf')).toMatchObject({
      status: 'quarantined',
      reason: 'ocr_no_text',
      detail: expect.stringMatching(/^OCR read no text on its 2 pages/),
    });
    expect(h.document('broken.png')).toMatchObject({
      status: 'quarantined',
      reason: 'corrupt',
      detail: expect.stringContaining('could not be read as an image'),
    });
    expect(h.document('fake.jpg')).toMatchObject({
      status: 'quarantined',
      reason: 'corrupt',
      detail: expect.stringContaining('not a PNG, JPEG, WebP, BMP or TIFF'),
    });

    await h.restart(testConfig({ DOCENT_DATA_DIR: h.config.dataDir, DOCENT_OCR_LANGUAGES: 'eng+xyz' }));
    h.write('scan.png', await textImage(KILN));
    await h.sync();
    expect(h.document('scan.png')).toMatchObject({
      status: 'quarantined',
      reason: 'ocr_no_text',
      detail: expect.stringContaining('OCR language data for "xyz" was not found'),
    });
  });
});

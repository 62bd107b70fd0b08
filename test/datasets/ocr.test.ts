import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_HINT } from '../../lib/evaluation/datasets';
import { wordErrorRate } from '../../lib/evaluation/wer';
import { PipelineHarness } from '../helpers/pipeline-harness';

const PDFS = path.resolve('../shared/datasets/pdfs');

describe('OCR of the shared scanned PDFs', () => {
  let harness: PipelineHarness;

  beforeAll(async () => {
    if (!fs.existsSync(PDFS)) throw new Error(`${PDFS} is missing. ${DOWNLOAD_HINT}`);
    harness = await PipelineHarness.create({ root: path.join(PDFS, 'scanned_image_only'), inProcess: false });
    await harness.sync();
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each([
    ['derived__dmca_p1-2_rasterized.pdf', 'derived__dmca_p1-2.txt'],
    ['derived__naacl06-shinyama_p1_rasterized.pdf', 'derived__naacl06-shinyama_p1.txt'],
  ])('reads %s with a word error rate below 10%% against its gold text', async (file, gold) => {
    const doc = harness.document(file)!;
    expect(doc.status).toBe('indexed');
    const chunks = (await harness.chunksOf(file)).sort((a, b) => a.payload.char_start - b.payload.char_start);
    expect(chunks.every((chunk) => chunk.payload.ocr === true && (chunk.payload.page ?? 0) >= 1)).toBe(true);
    // The chunks overlap; the page text is rebuilt from their offsets before scoring.
    let text = '';
    for (const chunk of chunks) text += chunk.text.slice(Math.max(0, text.length - chunk.payload.char_start));
    const wer = wordErrorRate(fs.readFileSync(path.join(PDFS, 'gold_text', gold), 'utf8'), text);
    console.info(`${file}: word error rate ${(wer * 100).toFixed(2)}%`);
    expect(wer).toBeLessThan(0.1);
  });

  it('cites OCR text with its page', async () => {
    const hits = await harness.search('Digital Millennium Copyright Act', 5);
    expect(hits[0]).toMatchObject({ path: 'derived__dmca_p1-2_rasterized.pdf', page: expect.any(Number) });
  });
});

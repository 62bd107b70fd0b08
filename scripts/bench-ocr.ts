import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configWith } from '../lib/config';
import { round } from '../lib/evaluation/metrics';
import { wordErrorRate } from '../lib/evaluation/wer';
import { createExtractor } from '../ingest/create-pipeline';
import { OcrEngine, applyOcr } from '../ingest/ocr';
import { parseCommandLine, printJson, runMain, say } from './cli';
import { rssSampler } from './memory';
import { writeResult } from './results';

const PDFS = path.resolve('../shared/datasets/pdfs');
const CASES = [
  { file: 'scanned_image_only/derived__dmca_p1-2_rasterized.pdf', gold: 'gold_text/derived__dmca_p1-2.txt' },
  { file: 'scanned_image_only/derived__naacl06-shinyama_p1_rasterized.pdf', gold: 'gold_text/derived__naacl06-shinyama_p1.txt' },
];

/** Reads every page of the cases with `workers` OCR workers; returns text per case and timings. */
async function run(workers: number) {
  const config = configWith({ DOCENT_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'docent-bench-ocr-')), DOCENT_OCR_WORKERS: String(workers) });
  const extractor = createExtractor(config);
  const engine = new OcrEngine({ ...config.ocr, workers });
  engine.ensureLanguages();
  const memory = rssSampler();
  let peakRssMb = 0;
  const started = performance.now();
  let pages = 0;
  let texts: string[] = [];
  try {
    // Every case twice, all at once, as a watcher with several scans waiting would see them.
    const reads = await Promise.all(
      [...CASES, ...CASES].map(async (item) => {
        const file = path.join(PDFS, item.file);
        const document = await extractor.extract({
          file,
          passwords: [],
          maxFileBytes: config.gates.maxFileBytes,
          maxExpandedBytes: config.gates.maxExpandedBytes,
          ocrMinCharsPerPage: config.ocr.minCharsPerPage,
        });
        return applyOcr(document, {
          file,
          passwords: [],
          scale: config.ocr.scale,
          maxPages: config.ocr.maxPages,
          minConfidence: config.ocr.minConfidence,
          engine,
          render: (request) => extractor.render(request),
        });
      }),
    );
    pages = reads.reduce((sum, read) => sum + (read.ocr?.pages ?? 0), 0);
    texts = reads.slice(0, CASES.length).map((read) => read.text);
  } finally {
    peakRssMb = memory.stop();
    await engine.close();
    await extractor.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { texts, pages, seconds, peakRssMb };
}

runMain(async () => {
  const { values } = parseCommandLine({ json: { type: 'boolean', default: false } });
  if (!fs.existsSync(PDFS)) {
    say(`docent: ${PDFS} is missing; see ../shared/datasets/README.md for the scanned PDFs and their gold text.`);
    return 2;
  }
  const one = await run(1);
  const two = await run(2);
  const wer = CASES.map((item, index) => ({
    file: item.file,
    wer: round(wordErrorRate(fs.readFileSync(path.join(PDFS, item.gold), 'utf8'), one.texts[index]!), 4),
  }));
  const result = {
    cases: wer,
    pages: one.pages,
    one_worker: { seconds: round(one.seconds, 2), pages_per_s: round(one.pages / one.seconds, 3), peak_rss_mb: one.peakRssMb },
    two_workers: { seconds: round(two.seconds, 2), pages_per_s: round(two.pages / two.seconds, 3), peak_rss_mb: two.peakRssMb },
    settings: { scale: 2, languages: 'eng', engine: 'tesseract.js 7 (LSTM, best_int), pdf.js render via pdf-parse' },
    target: { wer: '< 0.10' },
  };
  for (const item of wer) say(`${item.file}: word error rate ${(item.wer * 100).toFixed(1)}%`);
  say(
    `${one.pages} pages: ${result.one_worker.pages_per_s} pages/s with one worker (peak RSS ${one.peakRssMb} MB), ${result.two_workers.pages_per_s} with two (peak ${two.peakRssMb} MB).`,
  );
  const file = writeResult('bench-ocr', result);
  say(`Wrote ${path.relative(process.cwd(), file)}`);
  if (values.json) printJson(result);
  return 0;
});

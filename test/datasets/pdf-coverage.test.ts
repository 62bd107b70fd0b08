import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_HINT } from '../../lib/evaluation/datasets';
import {
  COVERAGE_EXCEPTIONS,
  COVERAGE_TARGET,
  coverageFiles,
  coverageUnits,
  docentTextOf,
  matchedUnits,
  measureCoverage,
  requirePdftotext,
} from '../../lib/evaluation/pdf-coverage';

const PDFS = path.resolve('../shared/datasets/pdfs');

// Docent's text layer against poppler's pdftotext, run now (issue 17: ≥ 90% of its words, or of
// its characters in Chinese, Japanese and Korean), file by file; docs/benchmarks.md has the table.
describe('PDF text coverage against pdftotext', () => {
  const files = fs.existsSync(PDFS) ? coverageFiles(PDFS) : [];

  beforeAll(async () => {
    if (!fs.existsSync(PDFS)) throw new Error(`${PDFS} is missing. ${DOWNLOAD_HINT}`);
    await requirePdftotext();
  });

  it('measures the born-digital, OCR-layer and encrypted PDFs, and excuses only files it measures', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of Object.keys(COVERAGE_EXCEPTIONS)) expect(files).toContain(file);
  });

  it.each(files)('%s', async (file) => {
    const row = await measureCoverage(PDFS, file);
    const exception = COVERAGE_EXCEPTIONS[file];
    const summary = `${file}: ${row.matchedUnits} of pdftotext's ${row.referenceUnits} words (${row.ratio.toFixed(3)})`;
    console.info(summary);
    if (!exception) {
      expect(row.ratio, summary).toBeGreaterThanOrEqual(COVERAGE_TARGET);
      return;
    }
    expect(row.ratio, `${summary}; excused (${exception.why}) down to ${exception.floor}`).toBeGreaterThanOrEqual(exception.floor);
    expect(row.ratio, `${summary} reaches the target now: remove its exception`).toBeLessThan(COVERAGE_TARGET);
  });

  it('reads right-to-left text in logical order, its ligatures the right way round', async () => {
    // pdftotext's words for this page, as the reader reads them: "types of Arabic fonts".
    const text = await docentTextOf(path.join(PDFS, 'born_digital/pdfjs__ArabicCIDTrueType.pdf'));
    expect(text.split('\n')[0]).toBe('انواع الخطوط العربية');
  });

  it('counts a CJK character as a unit and matches words as multisets', () => {
    expect(coverageUnits('あいうえお 日本語, Ｄｏｃｅｎｔ! naïve')).toEqual(['あ', 'い', 'う', 'え', 'お', '日', '本', '語', 'docent', 'naïve']);
    expect(matchedUnits(['a', 'a', 'b'], ['a', 'c'])).toBe(1);
  });
});

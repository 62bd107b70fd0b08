import fs from 'node:fs';
import path from 'node:path';
import { DOWNLOAD_HINT } from '../lib/evaluation/datasets';
import { COVERAGE_EXCEPTIONS, COVERAGE_TARGET, coverageFiles, measureCoverage, requirePdftotext } from '../lib/evaluation/pdf-coverage';
import { parseCommandLine, printJson, runMain, say } from './cli';
import { writeResult } from './results';

const PDFS = path.resolve('../shared/datasets/pdfs');

// Docent's text layer of each shared PDF against poppler's pdftotext (see lib/evaluation/pdf-coverage.ts).
runMain(async () => {
  const { values } = parseCommandLine({ json: { type: 'boolean', default: false } });
  if (!fs.existsSync(PDFS)) {
    say(`docent: ${PDFS} is missing. ${DOWNLOAD_HINT}`);
    return 2;
  }
  await requirePdftotext();
  const rows = [];
  for (const file of coverageFiles(PDFS)) {
    const row = await measureCoverage(PDFS, file);
    const exception = COVERAGE_EXCEPTIONS[file];
    rows.push({ ...row, ratio: Math.round(row.ratio * 1000) / 1000, exception: exception?.why ?? null });
    say(
      `${file.padEnd(60)} ${String(row.referenceUnits).padStart(7)} ${String(row.matchedUnits).padStart(7)}  ${row.ratio.toFixed(3)}${exception ? '  (exception)' : ''}`,
    );
  }
  const below = rows.filter((row) => row.ratio < COVERAGE_TARGET && !row.exception).map((row) => row.file);
  const result = { target: COVERAGE_TARGET, pdftotext: 'poppler-utils pdftotext, reading order, crop box', files: rows, belowTarget: below };
  const written = writeResult('pdf-coverage', result);
  say(`Wrote ${path.relative(process.cwd(), written)}${below.length ? `; below ${COVERAGE_TARGET} without an exception: ${below.join(', ')}` : ''}`);
  if (values.json) printJson(result);
  return below.length ? 1 : 0;
});

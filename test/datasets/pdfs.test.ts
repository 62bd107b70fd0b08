import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_HINT } from '../../lib/evaluation/datasets';
import { SHARED_PDF_PASSWORDS } from '../../lib/evaluation/pdf-coverage';
import { OpenAIDouble } from '../helpers/openai-double';
import { PipelineHarness } from '../helpers/pipeline-harness';
import { testConfig } from '../helpers/temp';

const PDFS = path.resolve('../shared/datasets/pdfs');

// The expected outcome of every shared PDF, owned by this test. Reasons follow INTERFACES.md.
// Notes: pdfjs__TAMReview uses fonts without a Unicode map, so pdf.js yields control codes
// (poppler decodes them); pdf.js does not accept pypdf__r6-user-password's empty owner password;
// pages without a text layer go through OCR: the scanned ones are read and indexed, the blank or
// broken ones end `ocr_no_text`. pdfjs__vertical's Japanese is in fonts with predefined CJK CMaps,
// read with the CMaps of the installed pdf.js.
// `same_text`: attachment.pdf is crazyones.pdf plus an attached file; exactly one of the two is
// indexed and the other recorded as its duplicate (which one depends on which commits first).
const EXPECTED: Record<string, 'indexed' | 'same_text' | 'empty_text' | 'ocr_no_text' | 'garbled_text' | 'encrypted' | 'corrupt'> = {
  'born_digital/pdfjs__160F-2019.pdf': 'indexed',
  'born_digital/pdfjs__ArabicCIDTrueType.pdf': 'indexed',
  'born_digital/pdfjs__TAMReview.pdf': 'garbled_text',
  'born_digital/pdfjs__bug1885505.pdf': 'indexed',
  'born_digital/pdfjs__bug1937438_af_from_latex.pdf': 'indexed',
  'born_digital/pdfjs__bug1937438_from_word.pdf': 'indexed',
  'born_digital/pdfjs__bug1997343.pdf': 'indexed',
  'born_digital/pdfjs__copy_paste_ligatures.pdf': 'indexed',
  'born_digital/pdfjs__freeculture.pdf': 'indexed',
  'born_digital/pdfjs__french_diacritics.pdf': 'indexed',
  'born_digital/pdfjs__issue12963.pdf': 'indexed',
  'born_digital/pdfjs__issue13201.pdf': 'indexed',
  'born_digital/pdfjs__issue1350.pdf': 'indexed',
  'born_digital/pdfjs__issue14297.pdf': 'indexed',
  'born_digital/pdfjs__issue17730.pdf': 'indexed',
  'born_digital/pdfjs__issue1905.pdf': 'indexed',
  'born_digital/pdfjs__issue19971.pdf': 'indexed',
  'born_digital/pdfjs__issue6127.pdf': 'indexed',
  'born_digital/pdfjs__issue840.pdf': 'indexed',
  'born_digital/pdfjs__pdfjs_wikipedia.pdf': 'indexed',
  'born_digital/pdfjs__prefilled_f1040.pdf': 'indexed',
  'born_digital/pdfjs__tracemonkey.pdf': 'indexed',
  'born_digital/pdfjs__vertical.pdf': 'indexed',
  'born_digital/pypdf__AutoCad_Diagram.pdf': 'indexed',
  'born_digital/pypdf__GeoBase_NHNC1_Data_Model_UML_EN.pdf': 'indexed',
  'born_digital/pypdf__SF424_page2.pdf': 'indexed',
  'born_digital/pypdf__attachment.pdf': 'same_text',
  'born_digital/pypdf__crazyones.pdf': 'same_text',
  'born_digital/pypdf__example.pdf': 'indexed',
  'born_digital/pypdf__libreoffice-form.pdf': 'indexed',
  'born_digital/pypdf__multilang.pdf': 'indexed',
  'born_digital/pypdf__pdflatex-outline.pdf': 'indexed',
  'born_digital/pypdf__side-by-side-subfig.pdf': 'indexed',
  'encrypted/pdfjs__empty_protected.pdf': 'ocr_no_text',
  'encrypted/pdfjs__issue17069.pdf': 'indexed',
  'encrypted/pdfjs__print_protection.pdf': 'encrypted',
  'encrypted/pdfjs__saslprep-r6.pdf': 'encrypted',
  'encrypted/pdfjs__secHandler.pdf': 'ocr_no_text',
  'encrypted/pypdf__crazyones-encrypted-256.pdf': 'encrypted',
  'encrypted/pypdf__encrypted-file.pdf': 'encrypted',
  'encrypted/pypdf__libreoffice-writer-password.pdf': 'encrypted',
  'encrypted/pypdf__r2-user-password.pdf': 'encrypted',
  'encrypted/pypdf__r4-aes-user-password.pdf': 'encrypted',
  'encrypted/pypdf__r6-empty-password.pdf': 'indexed',
  'encrypted/pypdf__r6-user-password.pdf': 'encrypted',
  'malformed/derived__i1040nr_last4KiB_cut.pdf': 'indexed',
  'malformed/derived__naacl06-shinyama_truncated_30pct.pdf': 'corrupt',
  'malformed/derived__tracemonkey_truncated_50pct.pdf': 'corrupt',
  'malformed/derived__zero_bytes.pdf': 'corrupt',
  'malformed/pdfjs__GHOSTSCRIPT-698804-1-fuzzed.pdf': 'ocr_no_text',
  'malformed/pdfjs__PDFBOX-3148-2-fuzzed.pdf': 'ocr_no_text',
  'malformed/pdfjs__bug1020226.pdf': 'corrupt',
  'malformed/pdfjs__bug1978317.pdf': 'indexed',
  'malformed/pdfjs__helloworld-bad.pdf': 'ocr_no_text',
  'malformed/pdfjs__issue15590.pdf': 'ocr_no_text',
  'malformed/pdfjs__issue9418.pdf': 'indexed',
  'malformed/pdfjs__poppler-90-0-fuzzed.pdf': 'corrupt',
  'malformed/pdfjs__xref_command_missing.pdf': 'ocr_no_text',
  'scanned_image_only/derived__dmca_p1-2_rasterized.pdf': 'indexed',
  'scanned_image_only/derived__naacl06-shinyama_p1_rasterized.pdf': 'indexed',
  'scanned_image_only/pdfjs__issue7229.pdf': 'indexed',
  'scanned_ocr_layer/pypdf__Seige_of_Vicksburg_Sample_OCR.pdf': 'indexed',
  'scanned_ocr_layer/pypdf__indirect-rotation.pdf': 'indexed',
};

// Passwords as the manifest describes them (saslprep-r6 as printed; Docent prepares it).
const PASSWORDS = SHARED_PDF_PASSWORDS;

// Extraction, the quality gates and the index are the real ones; the vectors come from an OpenAI-compatible double
// (hashed words), because this test is about what the PDFs hold. The local model took most of its two minutes
// embedding the 1,120 chunks, the 352-page book's 611 above all, and it is tested on its own.
describe('every shared PDF through the real pipeline (sandboxed extraction)', () => {
  let harness: PipelineHarness;
  let embeddings: OpenAIDouble;
  const outcome = (relativePath: string) => {
    const doc = harness.document(relativePath)!;
    return doc.status === 'indexed' ? 'indexed' : doc.reason;
  };

  beforeAll(async () => {
    if (!fs.existsSync(PDFS)) throw new Error(`${PDFS} is missing. ${DOWNLOAD_HINT}`);
    embeddings = await new OpenAIDouble().start();
    harness = await PipelineHarness.create({
      root: PDFS,
      inProcess: false,
      config: testConfig({
        DOCENT_EXTRACT_TIMEOUT_S: '120',
        DOCENT_EMBEDDER: 'openai',
        DOCENT_EMBEDDING_MODEL: 'double-embed',
        OPENAI_BASE_URL: embeddings.baseUrl,
        OPENAI_API_KEY: 'test',
      }),
    });
    await harness.sync();
  });
  afterAll(async () => {
    await harness?.close();
    await embeddings?.stop();
  });

  it('covers every PDF in the folder', () => {
    const onDisk = fs
      .readdirSync(PDFS, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.pdf'))
      .sort();
    expect(onDisk).toEqual(Object.keys(EXPECTED).sort());
  });

  it('ends each one indexed or quarantined with the expected reason', () => {
    const sameText = Object.keys(EXPECTED).filter((file) => EXPECTED[file] === 'same_text');
    const actual = Object.fromEntries(Object.keys(EXPECTED).map((file) => [file, sameText.includes(file) ? 'same_text' : outcome(file)]));
    expect(actual).toEqual(EXPECTED);
    const [indexed, ...others] = sameText.map((file) => harness.document(file)!).sort((a) => (a.status === 'indexed' ? -1 : 1));
    expect(indexed!.status).toBe('indexed');
    for (const other of others) expect(other).toMatchObject({ status: 'duplicate', reason: 'duplicate_of', duplicateOf: indexed!.id });
    expect(harness.services.jobs.pending()).toEqual([]);
  });

  it('indexes page-cited text, e.g. the 352-page book at the right page', async () => {
    const hits = await harness.search('copyright extended term of protection Congress', 10);
    expect(hits.some((hit) => hit.path === 'born_digital/pdfjs__freeculture.pdf' && hit.page !== null && hit.page > 1)).toBe(true);
  });

  it('opens the password-protected ones once their passwords are known', async () => {
    fs.writeFileSync(harness.config.passwordsPath, JSON.stringify(PASSWORDS));
    await harness.restart(harness.config);
    for (const file of Object.keys(PASSWORDS)) harness.pipeline.retry(harness.document(file)!.id);
    await harness.pipeline.run('untilIdle');
    // Opened, several turn out to hold text Docent already has: the r2/r4/r6 test files say the
    // same as r6-empty-password.pdf, and crazyones-encrypted-256 is born_digital/pypdf__crazyones.
    const duplicates: Record<string, string> = {
      'encrypted/pypdf__r2-user-password.pdf': 'encrypted/pypdf__r6-empty-password.pdf',
      'encrypted/pypdf__r4-aes-user-password.pdf': 'encrypted/pypdf__r6-empty-password.pdf',
      'encrypted/pypdf__r6-user-password.pdf': 'encrypted/pypdf__r6-empty-password.pdf',
      'encrypted/pypdf__crazyones-encrypted-256.pdf': ['born_digital/pypdf__crazyones.pdf', 'born_digital/pypdf__attachment.pdf'].find(
        (file) => harness.document(file)!.status === 'indexed',
      )!,
    };
    // Some open to a line or two ("Example", "Hello World", "Hello pdf.js world"): decrypted,
    // then below the minimum text length even after OCR. What matters is that none is `encrypted` any more.
    const opened: Record<string, string> = {
      'encrypted/pypdf__encrypted-file.pdf': 'ocr_no_text',
      'encrypted/pdfjs__print_protection.pdf': 'ocr_no_text',
      'encrypted/pdfjs__saslprep-r6.pdf': 'ocr_no_text',
    };
    for (const file of Object.keys(PASSWORDS)) {
      const original = duplicates[file];
      if (original) expect(harness.document(file), file).toMatchObject({ status: 'duplicate', duplicateOf: harness.document(original)!.id });
      else expect(outcome(file), file).toBe(opened[file] ?? 'indexed');
    }
  });
});

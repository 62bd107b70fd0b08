import type { Job, JobQueue } from '../lib/jobs';
import type { ReasonCode } from '../lib/registry';
import { type ExtractedDocument, ExtractionError } from './extracted-document';
import { checkQuality } from './gate';
import { OcrLanguageError, OcrPageError, applyOcr } from './ocr';
import type { PipelineDependencies } from './pipeline';

export interface Rejection {
  reason: ReasonCode;
  detail: string;
}

/** The document's text, or why the file is quarantined (with its type when the extractor knew it). */
export type ReadResult = { document: ExtractedDocument } | { rejection: Rejection; fileType?: string };

export type ReadDependencies = Pick<PipelineDependencies, 'config' | 'extractor' | 'passwordsFor' | 'ocr'> & { jobs: JobQueue };

/** The read stages: extraction, OCR of the pages without a text layer, and the quality gates. */
export async function readDocument(job: Job, file: string, deps: ReadDependencies): Promise<ReadResult> {
  const { config } = deps;
  let document: ExtractedDocument;
  try {
    document = await deps.extractor.extract({
      file,
      passwords: deps.passwordsFor(job.root, job.path),
      maxFileBytes: config.gates.maxFileBytes,
      maxExpandedBytes: config.gates.maxExpandedBytes,
      ocrMinCharsPerPage: deps.ocr ? config.ocr.minCharsPerPage : 0,
    });
  } catch (error) {
    if (ExtractionError.isInstance(error)) return { rejection: { reason: error.reason, detail: error.detail } };
    throw error;
  }
  if (document.ocrPages?.length) {
    const read = await readWithOcr(job, file, document, deps);
    if ('rejection' in read) return { rejection: read.rejection, fileType: document.fileType };
    document = read.document;
  }
  const verdict = checkQuality(document, config.gates);
  if (!verdict.pass) return { rejection: { reason: verdict.reason, detail: verdict.detail }, fileType: document.fileType };
  return { document };
}

/** The OCR stage, with progress ("OCR page 12/40") shown by status while it runs. */
async function readWithOcr(
  job: Job,
  file: string,
  document: ExtractedDocument,
  deps: ReadDependencies,
): Promise<{ document: ExtractedDocument } | { rejection: Rejection }> {
  const { config, jobs } = deps;
  const engine = deps.ocr;
  if (!engine) {
    return document.fileType === 'image'
      ? { rejection: { reason: 'unsupported_type', detail: 'An image needs OCR, which is turned off (DOCENT_OCR=0).' } }
      : { document };
  }
  try {
    return {
      document: await applyOcr(document, {
        file,
        passwords: deps.passwordsFor(job.root, job.path),
        scale: config.ocr.scale,
        maxPages: config.ocr.maxPages,
        minConfidence: config.ocr.minConfidence,
        engine,
        render: (request) => deps.extractor.render(request),
        onProgress: (done, total) => jobs.setProgress(job, `OCR page ${done}/${total}`),
      }),
    };
  } catch (error) {
    if (error instanceof OcrLanguageError) return { rejection: { reason: 'ocr_no_text', detail: error.message } };
    if (error instanceof OcrPageError) return { rejection: { reason: error.kind === 'timeout' ? 'timeout' : 'corrupt', detail: error.message } };
    if (ExtractionError.isInstance(error)) return { rejection: { reason: error.reason, detail: error.detail } };
    throw error;
  } finally {
    jobs.setProgress(job, null);
  }
}

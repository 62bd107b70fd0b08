import type { Services } from '../lib/services';
import type { Config } from '../lib/config';
import { ExtractionSandbox } from './extract-sandbox';
import { OcrEngine } from './ocr';
import { loadPasswords } from './passwords';
import { type Extractor, Pipeline } from './pipeline';

/** The extract stage with its OCR pool: both live as long as the pipeline and close together. */
export type ExtractionResources = Extractor & { ocr: OcrEngine | null };

/**
 * The extract stage: sandboxed in worker threads, or in this thread (tests that count calls,
 * debugging a parser); and the OCR pool when OCR is on.
 */
export function createExtractor(config: Config, options: { inProcess?: boolean } = {}): ExtractionResources {
  const base: Extractor = options.inProcess
    ? // Imported on use: the parsers are large, and the sandboxed path loads them in its workers only.
      {
        extract: async (request) => (await import('./extract')).extractFile(request),
        render: async (request) => (await import('./extract')).renderPage(request),
        close: async () => undefined,
      }
    : new ExtractionSandbox({
        workers: config.extraction.workers,
        timeoutMs: config.extraction.timeoutMs,
        memoryMb: config.extraction.workerMemoryMb,
        idleMs: config.workerIdleMs,
      });
  const ocr = config.ocr.enabled
    ? new OcrEngine({
        languages: config.ocr.languages,
        workers: config.ocr.workers,
        pageTimeoutMs: config.ocr.pageTimeoutMs,
        tessdataDirs: config.ocr.tessdataDirs,
        cacheDir: config.ocr.cacheDir,
        idleMs: config.workerIdleMs,
      })
    : null;
  return {
    extract: (request) => base.extract(request),
    render: (request) => base.render(request),
    prepare: () => base.prepare?.(),
    ocr,
    close: async () => {
      await base.close();
      await ocr?.close();
    },
  };
}

/**
 * Builds the pipeline for a set of services. Extraction runs sandboxed in worker threads unless
 * `inProcess` is asked for (unit tests that count calls, or debugging a parser).
 */
export function createPipeline(services: Services, options: { inProcess?: boolean } = {}): { pipeline: Pipeline; extractor: ExtractionResources } {
  const { config } = services;
  const extractor = createExtractor(config, options);
  const passwordsFor = loadPasswords(config.passwordsPath);
  const pipeline = new Pipeline({ config, db: services.db, target: services, extractor, passwordsFor, ocr: extractor.ocr });
  return { pipeline, extractor };
}

import type { Services } from '../lib/services';
import { extractFile } from './extract';
import { ExtractionSandbox } from './extract-sandbox';
import { loadPasswords } from './passwords';
import { type Extractor, Pipeline } from './pipeline';

/**
 * Builds the pipeline for a set of services. Extraction runs sandboxed in worker threads unless
 * `inProcess` is asked for (unit tests that count calls, or debugging a parser).
 */
export function createPipeline(services: Services, options: { inProcess?: boolean } = {}): { pipeline: Pipeline; extractor: Extractor } {
  const { config } = services;
  const extractor: Extractor = options.inProcess
    ? { extract: extractFile, close: async () => undefined }
    : new ExtractionSandbox({ workers: config.extraction.workers, timeoutMs: config.extraction.timeoutMs, memoryMb: config.extraction.workerMemoryMb });
  const passwordsFor = loadPasswords(config.passwordsPath);
  const pipeline = new Pipeline({ config, db: services.db, target: services, extractor, passwordsFor });
  return { pipeline, extractor };
}

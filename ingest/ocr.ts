import type { Worker } from 'tesseract.js';
import { DocentError, describeError } from '../lib/errors';
import { textAmount } from '../lib/text/text-amount';
import { type ExtractedDocument, type TextBlock, assemble } from './extracted-document';
import type { RenderRequest } from './extract';
import { cleanPageText } from './extractors/page-text';
import { prepareLanguages } from './ocr-languages';
import { ScriptDetector, chooseLanguages, needsScriptDetection } from './ocr-script';

// The language data lives in its own module; callers keep importing it from here.
export { OcrLanguageError, prepareLanguages } from './ocr-languages';

export class OcrPageError extends DocentError {
  constructor(
    readonly page: number,
    readonly kind: 'timeout' | 'unreadable',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('ocr_page_failed', message, options);
  }
}

export interface OcrEngineOptions {
  languages: string[];
  workers: number;
  pageTimeoutMs: number;
  tessdataDirs: string[];
  cacheDir: string;
  /** Terminate a worker idle this long (null: keep it); the next page starts a fresh one. */
  idleMs?: number | null;
  /** Where the engine says, once, why it reads pages with every configured language (default: stderr). */
  log?: (message: string) => void;
}

interface Slot {
  worker: Worker | null;
  /** The languages the worker is initialised with, joined by '+'. */
  languages: string;
  busy: boolean;
  idle: NodeJS.Timeout | null;
}

/**
 * A bounded pool of Tesseract workers (tesseract.js, WebAssembly), one page at a time each. A page
 * that exceeds its time limit costs only its worker, which is terminated and replaced.
 */
export class OcrEngine {
  private readonly slots: Slot[];
  private readonly waiting: (() => void)[] = [];
  private languagePath: string | null = null;
  /** Set when the configured languages write more than one script: each page is then read with those of its own. */
  private readonly detector: ScriptDetector | null;

  constructor(private readonly options: OcrEngineOptions) {
    this.slots = Array.from({ length: options.workers }, () => ({ worker: null, languages: '', busy: false, idle: null }));
    this.detector = needsScriptDetection(options.languages)
      ? new ScriptDetector({
          languagePath: () => prepareLanguages(['osd'], options.tessdataDirs, options.cacheDir),
          timeoutMs: options.pageTimeoutMs,
          log: options.log ?? ((message) => process.stderr.write(`${message}\n`)),
        })
      : null;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Checks (and prepares) the language data now; throws OcrLanguageError naming what is missing. */
  ensureLanguages(): string {
    this.languagePath ??= prepareLanguages(this.options.languages, this.options.tessdataDirs, this.options.cacheDir);
    return this.languagePath;
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((slot) => !slot.busy);
      if (free) {
        free.busy = true;
        if (free.idle) clearTimeout(free.idle);
        free.idle = null;
        return free;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    const idleMs = this.options.idleMs;
    if (idleMs && slot.worker) {
      slot.idle = setTimeout(() => {
        const worker = slot.worker;
        if (slot.busy || !worker) return;
        slot.worker = null;
        slot.idle = null;
        // A worker that fails to terminate is gone either way.
        void worker.terminate().catch(() => undefined);
      }, idleMs);
      // An idle OCR worker must not keep the process alive.
      slot.idle.unref();
    }
    this.waiting.shift()?.();
  }

  private async workerFor(slot: Slot, languages: string[]): Promise<Worker> {
    const wanted = languages.join('+');
    if (slot.worker && slot.languages !== wanted) {
      const { OEM, PSM } = await import('tesseract.js');
      await slot.worker.reinitialize(wanted, OEM.LSTM_ONLY);
      await slot.worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
      slot.languages = wanted;
    }
    if (slot.worker) return slot.worker;
    const langPath = this.ensureLanguages();
    let failure: unknown = null;
    // Loaded with the first worker: most watchers never OCR a page, and tesseract.js is not small.
    const { createWorker, OEM, PSM } = await import('tesseract.js');
    const creating = createWorker(wanted, OEM.LSTM_ONLY, {
      langPath,
      gzip: false,
      // 'none': without it tesseract.js writes the model into the working directory.
      cacheMethod: 'none',
      // Without a handler, a worker error is thrown on an unrelated tick and kills the process.
      errorHandler: (error: unknown) => {
        failure = error;
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DocentError('ocr_start_failed', `The OCR engine did not start within 60 s${failure ? `: ${describeError(failure)}` : ''}.`)),
        60_000,
      );
    });
    try {
      const worker = await Promise.race([creating, timeout]);
      await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
      slot.worker = worker;
      slot.languages = wanted;
      return worker;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Text and mean confidence (0–100) of one page image, and the languages it was read with (and the script OSD saw, if it ran). */
  async recognize(image: Uint8Array, page: number): Promise<{ text: string; confidence: number; languages: string[]; script: string | null }> {
    const detection = this.detector ? await this.detector.detect(image) : null;
    const choice = detection ? chooseLanguages(this.options.languages, detection) : { languages: this.options.languages, script: null };
    const slot = await this.acquire();
    try {
      const worker = await this.workerFor(slot, choice.languages);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new OcrPageError(
                page,
                'timeout',
                `OCR of page ${page} took longer than ${this.options.pageTimeoutMs / 1000} s (DOCENT_OCR_PAGE_TIMEOUT_S) and was stopped.`,
              ),
            ),
          this.options.pageTimeoutMs,
        );
      });
      try {
        const result = await Promise.race([worker.recognize(Buffer.from(image)), timeout]);
        return { text: result.data.text, confidence: result.data.confidence, languages: choice.languages, script: choice.script };
      } catch (error) {
        if (error instanceof OcrPageError) {
          // The only way to stop a recognition in progress; the slot gets a fresh worker next time.
          slot.worker = null;
          void worker.terminate().catch(() => undefined);
          throw error;
        }
        throw new OcrPageError(page, 'unreadable', `Page ${page} could not be read as an image: ${describeError(error)}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await this.detector?.close();
    for (const slot of this.slots) if (slot.idle) clearTimeout(slot.idle);
    // A worker that fails to terminate is gone either way: closing must not fail on it.
    await Promise.all(this.slots.flatMap((slot) => (slot.worker ? [slot.worker.terminate().catch(() => undefined)] : [])));
    for (const slot of this.slots) slot.worker = null;
  }
}

export interface OcrStageOptions {
  file: string;
  passwords: string[];
  scale: number;
  maxPages: number;
  minConfidence: number;
  engine: OcrEngine;
  render: (request: RenderRequest) => Promise<Uint8Array>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * OCR stage: each page without a usable text layer is rendered (in the extraction sandbox) and
 * read by the OCR pool; pages that had text keep it. OCR'd chunks keep their page numbers and
 * carry the page's mean confidence; a page below `minConfidence` is marked low-confidence.
 */
export async function applyOcr(document: ExtractedDocument, options: OcrStageOptions): Promise<ExtractedDocument> {
  const pages = (document.ocrPages ?? []).slice(0, options.maxPages);
  if (pages.length === 0) return document;
  const results = new Map<number, { text: string; confidence: number }>();
  let done = 0;
  options.onProgress?.(0, pages.length);
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const page = pages[next++]!;
      const image = await options.render({ file: options.file, page, scale: options.scale, passwords: options.passwords });
      const { text, confidence } = await options.engine.recognize(image, page);
      results.set(page, { text: cleanPageText(text), confidence });
      done += 1;
      options.onProgress?.(done, pages.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.engine.size, pages.length) }, worker));

  const byPage = new Map<number | null, Omit<TextBlock, 'start'>[]>();
  for (const block of document.blocks) byPage.set(block.page, [...(byPage.get(block.page) ?? []), block]);
  for (const [page, result] of results) {
    const existing = (byPage.get(page) ?? []).map((block) => block.text).join(' ');
    // OCR replaces a page's text layer only when it reads more than the layer held.
    if (textAmount(result.text) <= textAmount(existing)) continue;
    byPage.set(page, [
      {
        text: result.text,
        page,
        headingPath: [],
        ocr: { confidence: Math.round(result.confidence * 10) / 10, lowConfidence: result.confidence < options.minConfidence },
      },
    ]);
  }
  const blocks = [...byPage.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).flatMap(([, items]) => items);
  const confidences = [...results.values()].map((result) => result.confidence);
  const meanConfidence = confidences.length ? Math.round((confidences.reduce((sum, value) => sum + value, 0) / confidences.length) * 10) / 10 : 0;
  return assemble(document.fileType, blocks, {
    title: document.title,
    author: document.author,
    pageCount: document.pageCount,
    emptyPages: document.emptyPages,
    ocrPages: document.ocrPages,
    ocr: { pages: results.size, meanConfidence },
  });
}

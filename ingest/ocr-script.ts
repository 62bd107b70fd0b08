import type { Worker } from 'tesseract.js';
import { describeError } from '../lib/errors';

/**
 * Which of the configured OCR languages to read a page with, from the script Tesseract's
 * orientation and script detection (OSD) sees on it. Reading a Japanese page with eng+deu+jpn
 * costs time and invites Latin misreadings of kana; reading it with jpn alone does neither.
 */

/** Tesseract language codes by the script OSD names for them (osdetect.cpp: Han with kana is "Japanese", with Hangul "Korean"). */
const SCRIPTS: Record<string, string[]> = Object.fromEntries(
  Object.entries({
    Latin:
      'eng deu fra spa ita por nld dan nor swe fin isl pol ces slk slv hrv hun ron tur lit lav est cat eus glg gle cym mlt sqi ind msa vie tgl afr swa lat epo aze uzb deu_latf',
    Cyrillic: 'rus ukr bel bul mkd srp kaz kir tgk mon aze_cyrl uzb_cyrl',
    Greek: 'ell grc',
    Arabic: 'ara fas urd pus uig snd kur_ara',
    Hebrew: 'heb yid',
    Devanagari: 'hin mar nep san',
    Thai: 'tha',
    Japanese: 'jpn jpn_vert',
    Korean: 'kor kor_vert',
    // Han alone: Chinese, or a Japanese page of kanji only.
    Han: 'chi_sim chi_tra chi_sim_vert chi_tra_vert jpn jpn_vert',
    Hangul: 'kor kor_vert',
  }).map(([script, languages]) => [script, languages.split(' ')]),
);

/** Below this script confidence (OSD's own measure; a clear German page scores about 3, a Japanese one 1.4) the detection is not trusted. */
export const MIN_SCRIPT_CONFIDENCE = 1;

/** The scripts a language writes, as OSD names them. */
export function scriptsOf(language: string): string[] {
  return Object.entries(SCRIPTS)
    .filter(([, languages]) => languages.includes(language))
    .map(([script]) => script);
}

/**
 * Whether detection can make a difference: the configured languages write more than one script
 * (eng+deu are both Latin: OSD would only cost time). A language this table does not know counts
 * as a script of its own, so it is never left out by a guess.
 */
export function needsScriptDetection(languages: string[]): boolean {
  const scripts = new Set(languages.map((language) => scriptsOf(language)[0] ?? `?${language}`));
  return scripts.size > 1;
}

export interface ScriptDetection {
  script: string | null;
  confidence: number | null;
}

export type LanguageChoice = { languages: string[]; script: string; reason: null } | { languages: string[]; script: string | null; reason: string };

/**
 * The configured languages that write the detected script, in configured order; all of them, with
 * the reason, when OSD found no script, is unsure, or saw one that none of them writes.
 */
export function chooseLanguages(configured: string[], detection: ScriptDetection): LanguageChoice {
  const { script, confidence } = detection;
  if (!script) return { languages: configured, script: null, reason: 'OSD found no script on the page' };
  if ((confidence ?? 0) < MIN_SCRIPT_CONFIDENCE) {
    return { languages: configured, script, reason: `OSD is unsure of the script (${script}, confidence ${(confidence ?? 0).toFixed(2)})` };
  }
  const writers = configured.filter((language) => SCRIPTS[script]?.includes(language));
  if (writers.length === 0) return { languages: configured, script, reason: `none of the configured languages writes ${script}` };
  return { languages: writers, script, reason: null };
}

export interface ScriptDetectorOptions {
  /** Prepares osd.traineddata (Debian's tesseract-ocr-osd) and returns the folder it is in; throws when it is missing. */
  languagePath: () => string;
  timeoutMs: number;
  log: (message: string) => void;
}

/**
 * Tesseract's OSD in a worker of its own: detection needs the legacy engine (tesseract.js's
 * legacy core and osd.traineddata), which the LSTM workers that read the pages do not load. When
 * it cannot run, pages are read with every configured language, and the reason is said once.
 */
export class ScriptDetector {
  private worker: Promise<Worker | null> | null = null;
  private saidWhy = false;

  constructor(private readonly options: ScriptDetectorOptions) {}

  private unavailable(why: string): null {
    if (!this.saidWhy) this.options.log(`docent: OCR script detection is off (${why}); pages are read with every configured language.`);
    this.saidWhy = true;
    return null;
  }

  private start(): Promise<Worker | null> {
    this.worker ??= (async () => {
      try {
        const langPath = this.options.languagePath();
        const { createWorker, OEM } = await import('tesseract.js');
        return await createWorker('osd', OEM.TESSERACT_ONLY, {
          langPath,
          gzip: false,
          cacheMethod: 'none',
          legacyCore: true,
          legacyLang: true,
          errorHandler: () => undefined,
        });
      } catch (error) {
        return this.unavailable(describeError(error));
      }
    })();
    return this.worker;
  }

  /** The page's script, or null when OSD is unavailable or failed on this page. */
  async detect(image: Uint8Array): Promise<ScriptDetection | null> {
    const worker = await this.start();
    if (!worker) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.options.timeoutMs);
    });
    try {
      const result = await Promise.race([worker.detect(Buffer.from(image)).then(({ data }) => data), timeout]);
      if (result) return { script: result.script, confidence: result.script_confidence };
      // Timed out: the only way to stop it is to end the worker; the next page starts another.
      this.worker = null;
      void worker.terminate().catch(() => undefined);
      return null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const worker = await this.worker?.catch(() => null);
    this.worker = null;
    await worker?.terminate().catch(() => undefined);
  }
}

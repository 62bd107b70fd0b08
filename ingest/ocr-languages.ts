import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { DocentError } from '../lib/errors';

export class OcrLanguageError extends DocentError {
  constructor(
    readonly language: string,
    searched: string[],
  ) {
    super(
      'ocr_language_missing',
      `OCR language data for "${language}" was not found (looked in: ${searched.join(', ')}). ` +
        `Install Debian's tesseract-ocr-${language} package or the npm package @tesseract.js-data/${language}, or change DOCENT_OCR_LANGUAGES.`,
    );
  }
}

const require = createRequire(import.meta.url);

/**
 * Collects the trained data of each language into one folder (Tesseract reads all languages from
 * one path): from @tesseract.js-data/<lang> (gzipped, LSTM "best_int") or from Debian's
 * tesseract-ocr-<lang> packages. A missing language is a clear error, never a hang.
 */
export function prepareLanguages(languages: string[], tessdataDirs: string[], cacheDir: string): string {
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const language of languages) {
    const target = path.join(cacheDir, `${language}.traineddata`);
    if (fs.existsSync(target) && fs.statSync(target).size > 0) continue;
    const searched: string[] = [];
    let source: { file: string; gzip: boolean } | null = null;
    try {
      const packageDir = path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
      const file = path.join(packageDir, '4.0.0_best_int', `${language}.traineddata.gz`);
      searched.push(file);
      if (fs.existsSync(file)) source = { file, gzip: true };
    } catch {
      searched.push(`@tesseract.js-data/${language}`);
    }
    for (const dir of tessdataDirs) {
      if (source) break;
      const file = path.join(dir, `${language}.traineddata`);
      searched.push(file);
      if (fs.existsSync(file)) source = { file, gzip: false };
    }
    if (!source) throw new OcrLanguageError(language, searched);
    const data = fs.readFileSync(source.file);
    // Written under a temporary name and renamed: a crash never leaves a truncated model behind.
    const partial = `${target}.${process.pid}.partial`;
    fs.writeFileSync(partial, source.gzip ? zlib.gunzipSync(data) : data);
    fs.renameSync(partial, target);
  }
  return cacheDir;
}

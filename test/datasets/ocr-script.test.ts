import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../ingest/ocr';
import { configWith } from '../../lib/config';
import { tempDir } from '../helpers/temp';

// OCR with eng+deu+jpn from Debian's tessdata (tesseract-ocr-deu, -jpn, -osd; .ci/run installs
// them) on pages rendered here: OSD picks the languages per page. The Japanese page needs a font
// with its glyphs (fonts-ipafont-gothic, also installed by .ci/run).
function japaneseFont(): string {
  const files = execFileSync('fc-list', [':lang=ja', 'file'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.replace(/:\s*$/, '').trim())
    .filter((file) => file && fs.existsSync(file));
  if (files.length === 0) throw new Error('No font with Japanese glyphs (fc-list :lang=ja is empty): apt-get install fonts-ipafont-gothic');
  return files.find((file) => /gothic/i.test(file)) ?? files[0]!;
}

async function page(lines: string[], family: string): Promise<Buffer> {
  const canvas = createCanvas(1400, 120 + lines.length * 72);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = `44px ${family}`;
  lines.forEach((line, index) => context.fillText(line, 40, 90 + index * 72));
  return canvas.encode('png');
}

describe('OCR picks the languages of each page by its script', () => {
  let engine: OcrEngine;
  const notices: string[] = [];

  beforeAll(() => {
    GlobalFonts.registerFromPath(japaneseFont(), 'DocentTestJapanese');
    const { ocr } = configWith({ DOCENT_DATA_DIR: tempDir(), DOCENT_OCR_LANGUAGES: 'eng+deu+jpn' });
    engine = new OcrEngine({ ...ocr, workers: 1, cacheDir: tempDir(), log: (message) => notices.push(message) });
    engine.ensureLanguages();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads a Japanese page with jpn alone', async () => {
    const image = await page(['日本語の文書を読むための試験です。', '東京都の天気は晴れです。明日は雨が降るでしょう。'], 'DocentTestJapanese');
    const result = await engine.recognize(image, 1);
    expect(notices).toEqual([]);
    expect(result).toMatchObject({ script: 'Japanese', languages: ['jpn'] });
    expect(result.text.replace(/\s+/g, '')).toContain('東京都の天気は晴れです');
  });

  it('reads a German page with the Latin-script languages, eng+deu', async () => {
    const image = await page(['Die Straße führt über die Brücke zum Bahnhof.', 'Größere Äpfel schmecken süßer als kleine.'], 'DejaVu Sans');
    const result = await engine.recognize(image, 2);
    expect(result).toMatchObject({ script: 'Latin', languages: ['eng', 'deu'] });
    expect(result.text).toContain('Größere Äpfel schmecken süßer');
  });

  it('reads with every configured language, and says why once, when OSD cannot run', async () => {
    const { ocr } = configWith({ DOCENT_DATA_DIR: tempDir(), DOCENT_OCR_LANGUAGES: 'eng+jpn' });
    const said: string[] = [];
    // No tessdata folder, so no osd.traineddata: eng comes from @tesseract.js-data/eng, jpn is copied in.
    const cacheDir = tempDir();
    fs.copyFileSync(path.join(engine.ensureLanguages(), 'jpn.traineddata'), path.join(cacheDir, 'jpn.traineddata'));
    const blind = new OcrEngine({ ...ocr, workers: 1, tessdataDirs: [], cacheDir, log: (message) => said.push(message) });
    try {
      const image = await page(['The kiln gloves are rated to 500 degrees.'], 'DejaVu Sans');
      for (const number of [1, 2]) expect(await blind.recognize(image, number)).toMatchObject({ script: null, languages: ['eng', 'jpn'] });
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/OCR script detection is off \(OCR language data for "osd" was not found.*\)/);
    } finally {
      await blind.close();
    }
  });
});

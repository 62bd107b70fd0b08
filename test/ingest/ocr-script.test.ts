import { describe, expect, it } from 'vitest';
import { MIN_SCRIPT_CONFIDENCE, chooseLanguages, needsScriptDetection, scriptsOf } from '../../ingest/ocr-script';

describe('OCR languages by script', () => {
  const configured = ['eng', 'deu', 'jpn', 'ara'];

  it('reads a page with the configured languages that write the script OSD saw', () => {
    expect(chooseLanguages(configured, { script: 'Latin', confidence: 3.3 })).toEqual({ languages: ['eng', 'deu'], script: 'Latin', reason: null });
    expect(chooseLanguages(configured, { script: 'Japanese', confidence: 1.4 }).languages).toEqual(['jpn']);
    // Kanji without kana look like Han to OSD: Japanese is still a language that writes them.
    expect(chooseLanguages(configured, { script: 'Han', confidence: 2 }).languages).toEqual(['jpn']);
    expect(chooseLanguages(configured, { script: 'Arabic', confidence: 2 }).languages).toEqual(['ara']);
  });

  it('falls back to every configured language, saying why, when OSD is unsure or sees a script none of them writes', () => {
    expect(chooseLanguages(configured, { script: 'Latin', confidence: MIN_SCRIPT_CONFIDENCE / 2 })).toMatchObject({
      languages: configured,
      reason: expect.stringContaining('unsure'),
    });
    expect(chooseLanguages(configured, { script: 'Cyrillic', confidence: 4 })).toMatchObject({
      languages: configured,
      reason: 'none of the configured languages writes Cyrillic',
    });
    expect(chooseLanguages(configured, { script: null, confidence: null })).toMatchObject({ languages: configured, reason: expect.any(String) });
  });

  it('runs OSD only when the configured languages write more than one script', () => {
    expect(needsScriptDetection(['eng'])).toBe(false);
    expect(needsScriptDetection(['eng', 'deu', 'fra'])).toBe(false);
    expect(needsScriptDetection(['eng', 'deu', 'jpn'])).toBe(true);
    expect(needsScriptDetection(['eng', 'rus'])).toBe(true);
    // A language the table does not know is never assumed to share a script.
    expect(needsScriptDetection(['eng', 'xyz'])).toBe(true);
    expect(scriptsOf('jpn')).toEqual(['Japanese', 'Han']);
  });
});

import { describe, expect, it } from 'vitest';
import { assemble } from '../../ingest/extracted-document';
import { checkQuality, garbleSignals } from '../../ingest/gate';

const options = { minTextChars: 20, maxTextChars: 1000, garbledMaxBadRatio: 0.05, garbledMinWordRatio: 0.5 };
const doc = (text: string, fileType: 'pdf' | 'text' = 'text', pages?: { pageCount: number; emptyPages: number }) =>
  assemble(fileType, [{ text, page: null, headingPath: [] }], {
    title: null,
    author: null,
    pageCount: pages?.pageCount ?? null,
    emptyPages: pages?.emptyPages,
  });

describe('quality gates', () => {
  it('passes ordinary prose, tables of numbers and other scripts', () => {
    expect(checkQuality(doc('Every employee receives 25 days of paid vacation per year.'), options)).toEqual({ pass: true });
    expect(checkQuality(doc('08:15 09:40 10:05 11:30\n12:45 13:10 14:35 15:00\n16:20 17:45 18:10 19:35'), options)).toEqual({ pass: true });
    expect(checkQuality(doc('مرحبا بكم في دليل الموظفين الخاص بالشركة'), options)).toEqual({ pass: true });
    expect(checkQuality(doc('東京の本社では毎週水曜日に避難訓練を実施します。'), options)).toEqual({ pass: true });
  });

  it('quarantines empty and near-empty text, saying when a PDF looks scanned', () => {
    expect(checkQuality(doc('  \n '), options)).toMatchObject({ pass: false, reason: 'empty_text' });
    expect(checkQuality(doc('', 'pdf', { pageCount: 3, emptyPages: 3 }), options)).toMatchObject({
      pass: false,
      reason: 'empty_text',
      detail: expect.stringContaining('scanned'),
    });
  });

  it('counts Chinese, Japanese and Korean characters as the text they are, not as a scrap of letters', () => {
    // Eight characters each: the Japanese says as much as a short sentence, the Latin is a word.
    expect(checkQuality(doc('あいうえお 日本語'), options)).toEqual({ pass: true });
    expect(checkQuality(doc('한국어 문서입니다'), options)).toEqual({ pass: true });
    expect(checkQuality(doc('abcde xyz'), options)).toMatchObject({ pass: false, reason: 'empty_text' });
    expect(checkQuality(doc('日本'), options)).toMatchObject({ pass: false, reason: 'empty_text' });
  });

  it('quarantines text over the size limit', () => {
    expect(checkQuality(doc('word '.repeat(300)), options)).toMatchObject({ pass: false, reason: 'oversize' });
  });

  it('quarantines garbled text: replacement glyphs, symbol soup, vowel-less words', () => {
    expect(checkQuality(doc('\uFFFD\uFFFD\uFFFD abc \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD def ghi jkl mno'), options)).toMatchObject({
      pass: false,
      reason: 'garbled_text',
    });
    expect(checkQuality(doc('#$% &*( )_+ {}| :"< >?~ !@# $%^ &*( )_+ valid'), options)).toMatchObject({ pass: false, reason: 'garbled_text' });
    expect(checkQuality(doc('Wkh tqfn brzq fxp jmps vwr wkh lzcb dgg '.repeat(8)), options)).toMatchObject({ pass: false, reason: 'garbled_text' });
  });

  it('exposes the signals it decides on', () => {
    expect(garbleSignals('hello world').wordRatio).toBe(1);
    expect(garbleSignals('\u0001\u0002ab').badRatio).toBe(0.5);
  });
});

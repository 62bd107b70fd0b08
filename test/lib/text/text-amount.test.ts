import { describe, expect, it } from 'vitest';
import { textAmount } from '../../../lib/text/text-amount';

describe('textAmount', () => {
  it('counts visible characters, a Chinese, Japanese or Korean one as three', () => {
    expect(textAmount('  a b\nc ')).toBe(3);
    expect(textAmount('日本語')).toBe(9);
    expect(textAmount('ひらがな カタカナ')).toBe(24);
    expect(textAmount('한국어')).toBe(9);
    expect(textAmount('Tokyo 東京')).toBe(11);
    expect(textAmount('مرحبا')).toBe(5);
  });
});

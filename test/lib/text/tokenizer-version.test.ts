import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKENIZER_VERSION, tokenize } from '../../../lib/text/tokenize';

// What each tokenizer version makes of a fixed set of texts. An index keeps the terms it was written
// with, and Docent re-reads them only when the version differs (ingest/retokenize.ts): a change to
// the tokenizer's output that keeps the version would leave every existing index matching old terms
// against new ones. When this fails after a deliberate change, bump TOKENIZER_VERSION and add its
// fingerprint here (the old ones stay, as the record of what each version read).
const FINGERPRINTS: Record<number, string> = {
  1: '4e233d61dda1e69e',
  2: '395548a82d5d1d4d',
  3: '44760de61fde4ba6',
  4: '76353b1d8ec97ab3',
  5: 'ad0d200c6c467e31',
  6: 'aeff65a12a3dcefd',
  7: 'c1e5a095c79abfee',
};

// Thai is read with Node's ICU dictionary (Intl.Segmenter), which belongs to the Node release rather than to
// this code: it is left out so that the fingerprint names the code alone.
const LANGUAGES = ['en', 'de', 'fr', 'es', 'zh', 'ja', 'vi', 'ar', 'el', 'hi', 'ro', 'ru', 'tr', undefined];

// Frozen copies of the sample handbook and of our language fixtures: those may change, these texts may not.
const FIXTURES = 'test/fixtures/tokenizer';

function texts(): string[] {
  const files = ['handbook', 'languages'].flatMap((folder) =>
    fs
      .readdirSync(path.join(FIXTURES, folder))
      .sort()
      .map((file) => path.join(FIXTURES, folder, file)),
  );
  return [
    ...files.map((file) => fs.readFileSync(file, 'utf8')),
    'ภาษามือแบบอเมริกันถูกแปลโดยผู้แปล 24 ครั้ง',
    'Tiếng Việt: bàn và bán không giống nhau.',
    'اللغة العربية تكتب من اليمين إلى اليسار',
    'Η ελληνική γλώσσα έχει τόνους: ά, έ, ή.',
    'हिंदी भाषा देवनागरी लिपि में लिखी जाती है।',
    'Şirketin çalışanları 3.000 km yol yaptı; l’information, it’s, O’Brien, e-mail, v1.2.3, 09:30, 4173.',
    '東京tower の 日本語 テキスト、中文文本和한국어。',
  ];
}

describe('the tokenizer’s version', () => {
  it('names what the tokenizer makes of a fixed set of texts in every language', () => {
    const hash = crypto.createHash('sha256');
    for (const text of texts()) for (const language of LANGUAGES) hash.update(`${language ?? '-'}\u0000${tokenize(text, language).join('\u0001')}\u0002`);
    expect({ version: TOKENIZER_VERSION, fingerprint: hash.digest('hex').slice(0, 16) }).toEqual({
      version: TOKENIZER_VERSION,
      fingerprint: FINGERPRINTS[TOKENIZER_VERSION],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage, languageOf } from '../../../lib/text/language';
import { splitIntoSentences } from '../../../lib/text/sentences';
import { tokenize } from '../../../lib/text/tokenize';

describe('language detection', () => {
  it('names the language of documents and questions in the languages Docent answers in', () => {
    expect(languageOf('Wie viele Urlaubstage bekomme ich pro Jahr?')).toBe('de');
    expect(languageOf('Combien de jours de congés payés ai-je par an ?')).toBe('fr');
    expect(languageOf('¿Cuántos días de vacaciones tengo al año?')).toBe('es');
    expect(languageOf('How many vacation days do I get per year?')).toBe('en');
    expect(languageOf('全职员工每年有多少天年假？')).toBe('zh');
    expect(languageOf('年次有給休暇は何日ありますか？')).toBe('ja');
    expect(languageOf('Сколько дней отпуска мне положено?')).toBe('ru');
  });

  it('reads Chinese with Latin names in it by its script, and says so when a text is too short to tell', () => {
    expect(detectLanguage('NFL 的 Super Bowl 50 在哪个城市举行？')).toEqual({ language: 'zh', reliable: true });
    expect(detectLanguage('VPN setup')).toEqual({ language: 'und', reliable: false });
    expect(languageOf('ok', 'de')).toBe('de');
  });
});

describe('tokenize per language', () => {
  it('stems with the language’s Snowball stemmer and drops its stop words', () => {
    expect(tokenize('Wie viele Urlaubstage bekomme ich für das Jahr?', 'de')).toEqual(['viel', 'urlaubstag', 'bekomm', 'jahr']);
    expect(tokenize('Urlaubstage', 'de')).toEqual(tokenize('Urlaubstag', 'de'));
    expect(tokenize('книгами', 'ru')).toEqual(tokenize('книга', 'ru'));
    expect(tokenize('informaciones', 'es')).toEqual(tokenize('información', 'es'));
  });

  it('splits French elisions and folds accents after stemming, so a word typed without them still matches', () => {
    expect(tokenize("l'information", 'fr')).toEqual(tokenize('information', 'fr'));
    expect(tokenize('congés', 'fr')).toEqual(tokenize('conges', 'fr'));
    expect(tokenize('Prüfung', 'de')).toEqual(tokenize('Prufung', 'de'));
  });

  it('indexes a word its stemmer cannot stem as it is, instead of failing (Orama’s Bulgarian stemmer throws on many)', () => {
    expect(tokenize('потери времени', 'bg')).toHaveLength(2);
  });

  it('reads Thai word by word and keeps Vietnamese tones, which tell words apart', () => {
    expect(tokenize('ประเทศไทยมีจังหวัดทั้งหมดกี่จังหวัด', 'th')).toEqual(['ประเทศไทย', 'มี', 'จังหวัด', 'ทั้งหมด', 'กี่', 'จังหวัด']);
    expect(tokenize('Bàn này bán ở đâu?', 'vi')).toEqual(['bàn', 'này', 'bán', 'đâu']);
    expect(tokenize('東京タワー', 'ja')).toEqual(['東京', '京タ', 'タワ', 'ワー']);
  });

  it('keeps the English rules for English and for text of no known language', () => {
    expect(tokenize('How do I reset my Passwords?', 'en')).toEqual(tokenize('How do I reset my Passwords?'));
    expect(tokenize('The policies were running', 'und')).toEqual(['polici', 'run']);
  });
});

describe('sentences per language', () => {
  it('ends Chinese, Japanese and Hindi sentences at their own punctuation, and Thai ones at a space after a sentence-long piece', () => {
    expect(splitIntoSentences('这是第一句。这是第二句！第三句？', 'zh')).toEqual(['这是第一句。', '这是第二句！', '第三句？']);
    expect(splitIntoSentences('休暇は二十日です。申請してください。', 'ja')).toEqual(['休暇は二十日です。', '申請してください。']);
    expect(splitIntoSentences('यह पहला वाक्य है। यह दूसरा है।', 'hi')).toEqual(['यह पहला वाक्य है।', 'यह दूसरा है।']);
    // A number or a short word between spaces stays in its sentence ("…ที่คะแนน 308 ได้อันดับ…"), also the number
    // after a sentence-long piece ("…ด้วยการอินเตอร์เซป 24 ครั้ง…": the count of interceptions).
    const first = 'ทีมรับของแพนเธอร์สถอดใจที่คะแนน 308 ได้อันดับที่หกของลีก ในขณะที่เป็นผู้นำในเอ็นเอฟแอลด้วยการอินเตอร์เซป 24 ครั้งและได้รับเลือกให้เล่นในโปรโบว์ล';
    const second = 'คาวันน์ ชอร์ต ผู้เล่นตำแหน่งดีเฟนซีฟแทคเกิลใน โปรโบว์ล นำทีมด้วยการแซ็ค 11 ครั้ง';
    expect(first.length).toBeGreaterThan(120);
    expect(splitIntoSentences(`${first} ${second}`, 'th')).toEqual([first, second]);
    expect(splitIntoSentences(`${first} 7 ครั้ง ${second}`, 'th')).toEqual([`${first} 7 ครั้ง`, second]);
  });
});

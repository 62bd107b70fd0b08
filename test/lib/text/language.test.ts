import { beforeAll, describe, expect, it, vi } from 'vitest';
import { detectLanguage, languageOf, loadLanguageDetector } from '../../../lib/text/language';
import { isEnglishPiece, isPlainEnglish, nothingForeignIn } from '../../../lib/text/plain-english';
import { splitIntoSentences } from '../../../lib/text/sentences';
import { tokenize } from '../../../lib/text/tokenize';

const ENGLISH =
  'Every employee receives 25 days of paid vacation per calendar year. Unused days may be carried over until March 31, ' +
  'and requests longer than five working days should reach your manager at least two weeks in advance.';
// German, Dutch and Spanish with English names and the words they share with English ("in", "is", "of", "was").
const GERMAN =
  'Die Beatles waren eine britische Band aus Liverpool. Was in den Jahren 1962 bis 1970 entstand, prägte die Popmusik; ' +
  '„The White Album“ und „Abbey Road“ gelten als Meilensteine, an denen sich viele Bands orientierten.';
const DUTCH =
  'Het personeelshandboek is voor iedereen die in dienst is van het bedrijf. Vakantiedagen vraag je aan via het portaal, of ' +
  'bij je leidinggevende als het portaal niet werkt; de aanvraag wordt binnen drie werkdagen beoordeeld.';
const SPANISH =
  'Cada empleado recibe 25 días de vacaciones pagadas por año. Los días no utilizados se pueden trasladar hasta el 31 de marzo, ' +
  'y las solicitudes de más de cinco días deben llegar al responsable con dos semanas de antelación.';

describe('plain English without the detector', () => {
  it('names English prose, and no German, Dutch or Spanish text, nor a text too short to tell', () => {
    expect(isPlainEnglish(ENGLISH)).toBe(true);
    for (const text of [GERMAN, DUTCH, SPANISH, 'The policy applies.']) expect(isPlainEnglish(text), text).toBe(false);
  });

  it('takes a piece of an English document for English only when English’s own words are in it', () => {
    expect(isEnglishPiece('Requests longer than five working days should reach your manager two weeks in advance.')).toBe(true);
    expect(isEnglishPiece('Nicht genommene Tage verfallen am 31. März, wenn die Vorgesetzte nicht zugestimmt hat.')).toBe(false);
    expect(isEnglishPiece('bilization of p53 in quail embryos.')).toBe(false);
  });

  it('loads the detector only for a document or chunk that needs it, and a caller that skipped loading gets an error, not a guess', async () => {
    vi.resetModules();
    const fresh = await import('../../../lib/text/language');
    const table = '| Occasion | Paid days |\n| --- | --- |\n| Moving house | 1 day |\n| Death of a close family member | 3 days |';
    const documents = [await fresh.documentLanguage(ENGLISH), await fresh.documentLanguage('全职员工每年有多少天年假？'), await fresh.documentLanguage('VPN')];
    const chunks = await fresh.chunkLanguages([table], 'en');
    expect(fresh.languageDetectorLoaded()).toBe(false);
    expect(documents).toEqual(['en', 'zh', 'und']);
    expect(chunks).toEqual(['en']);
    expect(() => fresh.languageOf(GERMAN)).toThrow(expect.objectContaining({ code: 'language_detector_not_loaded' }));
    // A question is read by the detector unless it is asked of an English index: a long one full of English names may be German.
    expect(() => fresh.languageOf(ENGLISH)).toThrow(expect.objectContaining({ code: 'language_detector_not_loaded' }));
    expect(fresh.languageOf(ENGLISH, 'und', ['en'])).toBe('en');
    await fresh.loadLanguageDetectorFor(['How many vacation days do I get?', 'tell me a joke', 'hi!', '年假有多少天？'], ['en']);
    expect(fresh.languageDetectorLoaded()).toBe(false);
    expect(fresh.languageAmong('tell me a joke', ['en'])).toBe('en');
    expect(fresh.mayBeIn('tell me a joke', ['en'], ['en'])).toBe(true);
    expect(await fresh.documentLanguage(GERMAN)).toBe('de');
    expect(fresh.languageDetectorLoaded()).toBe(true);
    expect(await fresh.chunkLanguages([GERMAN], 'en')).toEqual(['de']);
  });
});

describe('questions asked of an English index', () => {
  it('finds nothing foreign in English questions, however short, and something in German, French or Spanish ones', () => {
    for (const question of ['How many vacation days do I get?', 'tell me a joke', 'VPN not working', 'Was Doctor Who cancelled in 1989?'])
      expect(nothingForeignIn(question), question).toBe(true);
    for (const question of [
      'Was dachte Doctor Who 2005, in welchem Zustand sein Heimatplanet sei?',
      'Wie beantrage ich Urlaub?',
      'Hallo, vielen Dank!',
      'Combien de jours de conges ai-je?',
      'Comment poser un conge?',
      'Cuantos dias de vacaciones tengo?',
      'Hoeveel vakantiedagen krijg ik? Waar kan ik het aanvragen?',
      'Was hat Lady Gaga gesungen? Wo wurden die Bahnen gebaut?',
      'Merci beaucoup',
      'Qué pasa?',
    ])
      expect(nothingForeignIn(question), question).toBe(false);
  });

  it('loads the detector for a question in another language, and for any question of an index in other languages', async () => {
    vi.resetModules();
    const fresh = await import('../../../lib/text/language');
    await fresh.loadLanguageDetectorFor(['VPN?'], ['en', 'de']);
    expect(fresh.languageDetectorLoaded()).toBe(true);
    expect(() => fresh.languageAmong('VPN?', ['en', 'de'])).not.toThrow();
    vi.resetModules();
    const again = await import('../../../lib/text/language');
    await again.loadLanguageDetectorFor(['How many vacation days do I get?', 'Wie beantrage ich Urlaub?'], ['en']);
    expect(again.languageDetectorLoaded()).toBe(true);
    expect(again.languageOf('Wie beantrage ich Urlaub?', 'und', ['en'])).toBe('de');
  });
});

describe('language detection', () => {
  beforeAll(loadLanguageDetector);

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
    expect(tokenize('Wie viele Urlaubstage bekomme ich für das Jahr?', 'de')).toEqual(['urlaubstag', 'bekomm', 'jahr']);
    expect(tokenize('Urlaubstage', 'de')).toEqual(tokenize('Urlaubstag', 'de'));
    expect(tokenize('книгами', 'ru')).toEqual(tokenize('книга', 'ru'));
    expect(tokenize('informaciones', 'es')).toEqual(tokenize('información', 'es'));
  });

  it('drops question words the stop lists lack, inflected ones too, which name what is asked rather than what it is about', () => {
    expect(tokenize('Wann wurde der Vertrag unterzeichnet und wer war dabei?', 'de')).toEqual(tokenize('Vertrag unterzeichnet dabei', 'de'));
    expect(tokenize('Süper Bowl 50’yi kaç kişi izledi ve kazanan takım neydi?', 'tr')).toEqual(tokenize('Süper Bowl 50’yi kişi izledi kazanan takım', 'tr'));
    expect(tokenize('Сколько стоит билет и почему?', 'ru')).toEqual(tokenize('стоит билет', 'ru'));
    expect(tokenize('Πότε και πού γεννήθηκε;', 'el')).toEqual(tokenize('γεννήθηκε', 'el'));
    // A content word that begins like a question word is kept ("nedensellik", causality, and "neden", why).
    expect(tokenize('nedensellik', 'tr')).toHaveLength(1);
  });

  it('reads a Turkish word by its first five letters, so the suffixes Snowball leaves on do not keep it apart', () => {
    // Snowball gives "üniversite" for "üniversitesinde" but "üniversi" for "üniversite".
    expect(tokenize('üniversitesinde', 'tr')).toEqual(tokenize('Üniversite', 'tr'));
    expect(tokenize('Kloroplastları ne çevreler?', 'tr')).toEqual(['kloro', 'cevre']);
    // İ lowercases to i and a combining dot, I to i (JavaScript's lowercasing is not Turkish), and a reader may type
    // without Turkish letters: all spellings meet, stop words too.
    expect(tokenize('İstanbul’da', 'tr')).toEqual(tokenize('istanbul', 'tr'));
    expect(tokenize('IŞIK', 'tr')).toEqual(tokenize('ışık', 'tr'));
    expect(tokenize('KIRMIZI', 'tr')).toEqual(tokenize('kirmizi', 'tr'));
    expect(tokenize('İçin kac', 'tr')).toEqual([]);
  });

  it('keeps whole a word with a digit or in another script, which five letters would make another’s', () => {
    expect(tokenize('ISO27001 ISO27002', 'tr')).toEqual(['iso27001', 'iso27002']);
    expect(tokenize('configuration confidential', 'ru')).toEqual(['configuration', 'confidential']);
    expect(tokenize('internet international', 'el')).toEqual(['internet', 'international']);
  });

  it('reads a letter and its mark written apart as the letter (text from PDFs and Macs)', () => {
    expect(tokenize('йодированный'.normalize('NFD'), 'ru')).toEqual(tokenize('йодированный', 'ru'));
    expect(tokenize('κυβέρνηση'.normalize('NFD'), 'el')).toEqual(tokenize('κυβέρνηση', 'el'));
  });

  it('joins Greek and Russian words derived from one another by their stems’ first five letters', () => {
    expect(tokenize('университетский', 'ru')).toEqual(tokenize('университета', 'ru'));
    expect(tokenize('электрический', 'ru')).toEqual(tokenize('электричество', 'ru'));
    expect(tokenize('κυβερνητικός', 'el')).toEqual(tokenize('κυβέρνηση', 'el'));
    expect(tokenize('πανεπιστημιακός', 'el')).toEqual(tokenize('πανεπιστήμιο', 'el'));
    // German keeps whole stems: cut short, they found the right passage less often (docs/benchmarks.md).
    expect(tokenize('Urlaubstage', 'de')).toEqual(['urlaubstag']);
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
  it('does not end an English sentence at a "?" or "!" run into the next word', () => {
    // docs-qa: "…turned off via the `?inline` query parameter." was two sentences, "…via the ?" and "inline query…".
    expect(splitIntoSentences('CSS injection can be turned off via the ?inline query parameter. Is it on? yes, by default.')).toEqual([
      'CSS injection can be turned off via the ?inline query parameter.',
      'Is it on?',
      'yes, by default.',
    ]);
    // A capital after it starts a sentence, space or not.
    expect(splitIntoSentences('Try Yahoo!mail first!Then call us.')).toEqual(['Try Yahoo!mail first!', 'Then call us.']);
    // Nor after "e.g." or inside brackets that the next piece closes.
    expect(splitIntoSentences('Use a traditional backend (e.g. Rails, Laravel) to serve the HTML. Then build.')).toEqual([
      'Use a traditional backend (e.g. Rails, Laravel) to serve the HTML.',
      'Then build.',
    ]);
    expect(splitIntoSentences('Bring your ID (a passport. A licence also works.) to the desk. Ask there.')).toEqual([
      'Bring your ID (a passport. A licence also works.) to the desk.',
      'Ask there.',
    ]);
    // Chinese may write a half-width "?" with the next sentence's number right after it.
    expect(splitIntoSentences('申请了吗?3月之前必须提交。', 'zh')).toEqual(['申请了吗?', '3月之前必须提交。']);
  });

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
    // Nor after a word that leads into the next one ("…แปลให้เป็น | ภาษามือแบบอเมริกัน": translated into | American Sign
    // Language), nor before one that continues the clause ("| ซึ่งเป็นแชมป์…": which was the champion…).
    const leading = `${first}และแปลให้เป็น`;
    expect(splitIntoSentences(`${leading} ภาษามือแบบอเมริกัน ${second}`, 'th')).toEqual([`${leading} ภาษามือแบบอเมริกัน`, second]);
    expect(splitIntoSentences(`${first} ซึ่งเป็นแชมป์ของลีก ${second}`, 'th')).toEqual([`${first} ซึ่งเป็นแชมป์ของลีก`, second]);
    // A full stop in Thai marks an abbreviation ("ตร.กม.", km²; "อี.", E.), not a sentence's end; a bracket keeps its
    // words together; a foreign name's parts stay together ("โดยการแปลของ จอห์น | ซี เมสเซนเจอร์").
    const abbreviated = `${first} (22,392 ตร.กม. 8,646 ตารางไมล์ ต่อปี) ซึ่งสูงกว่าเมื่อห้าปีก่อน`;
    expect(splitIntoSentences(`${abbreviated} ${second}`, 'th')).toEqual([abbreviated, second]);
    const named = `${first} โดยการแปลของ จอห์น ซี เมสเซนเจอร์`;
    expect(splitIntoSentences(`${named} ${second}`, 'th')).toEqual([named, second]);
    // Other languages keep ICU's sentence ends at a full stop.
    expect(splitIntoSentences('Call Dr. Smith. He knows.', 'en')).toEqual(['Call Dr.', 'Smith.', 'He knows.']);
  });
});

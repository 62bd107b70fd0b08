// Plain English prose, told without the language detector. The detector's n-gram tables cost each
// process about 50 MB that stays for its lifetime, and most of what an English-speaking team indexes
// is plain English: the watcher then never loads them. Measured against ELD on 2026-12-03 (scratch
// script over the shared datasets, texts cut to 4,000 characters): these rules named English 5,159 of
// SciFact's 5,183 abstracts, 298 of docs-qa's 303 pages, all 272 of doc2dial's and 295 of SQuAD's 301
// paragraphs, never where ELD was sure of another language (two docs-qa redirect stubs it could not
// tell), and none of XQuAD's 2,640 paragraphs in its eleven other languages (five in Latin script). A
// text they do not name goes to ELD.

const WORD = /\p{L}+/gu;
const NOT_ENGLISH_LETTER = /[^a-z]/;

// Words no other Latin-script language writes the same way ("of", "is", "in", "an", "to" and "was"
// are Dutch, German, Czech or Romanian words too).
const ONLY_ENGLISH = new Set(
  'the and that with this which from you your have were they their there would should been what when these those into about our its than how who'.split(' '),
);
const COMMON_ENGLISH = new Set([...ONLY_ENGLISH, ...'we will can not are is of to for it be by on or as at an if do was has a in'.split(' ')]);
// Other Latin-script languages' own small words: a German text about "The White Album" has "the", but
// also "und" and "sich". Words English writes too ("die", "den", "per", "con", "van", "care") are left out.
const OTHERS_OWN = new Set(
  [
    'und der das ist nicht mit sich eine auch werden wird sind oder', // German
    'het een niet zijn ook wordt naar voor bij', // Dutch
    'que los las del por para una como pero más', // Spanish
    'les des est une pour dans avec qui sont aux', // French
    'che della sono gli nel alla anche', // Italian
    'uma não pelo pela são', // Portuguese
    'și în este sunt', // Romanian
    've bir için olarak olan', // Turkish
    'och att är för inte', // Swedish
    'ikke på', // Danish, Norwegian
    'się nie jest oraz jak', // Polish
    'và của là có được những các trong', // Vietnamese
  ]
    .join(' ')
    .split(' '),
);

interface WordCounts {
  words: number;
  onlyEnglish: number;
  commonEnglish: number;
  /** Words with a letter outside a–z (accents, other scripts). */
  otherLetters: number;
  othersOwn: number;
}

function countWords(text: string): WordCounts {
  const counts: WordCounts = { words: 0, onlyEnglish: 0, commonEnglish: 0, otherLetters: 0, othersOwn: 0 };
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    counts.words++;
    if (ONLY_ENGLISH.has(word)) counts.onlyEnglish++;
    if (COMMON_ENGLISH.has(word)) counts.commonEnglish++;
    if (NOT_ENGLISH_LETTER.test(word)) counts.otherLetters++;
    if (OTHERS_OWN.has(word)) counts.othersOwn++;
  }
  return counts;
}

/** Few words with accented letters or other scripts, and other languages' small words well behind English's own. */
const nothingForeign = (c: WordCounts) => c.otherLetters <= 0.05 * c.words && c.othersOwn * 4 <= c.onlyEnglish;

/** Whether a document (or any text of ten words or more) is plainly English: nothing foreign, and enough of English's small words. */
export function isPlainEnglish(text: string): boolean {
  const c = countWords(text);
  return c.words >= 10 && nothingForeign(c) && c.onlyEnglish >= 0.02 * c.words && c.commonEnglish >= 0.1 * c.words;
}

/**
 * Whether a piece of an English document (a chunk) is English too: nothing in it says otherwise, as
 * a table of amounts or a list of names does not. A few words without any of English's own ("…wurden
 * wiederaufgebaut.") are left to the detector. Measured as above on 600-character pieces of those
 * English documents, this named 21,917 of 22,516 English and disagreed with ELD on 2 (which read them
 * as Tagalog); 2 of XQuAD's 4,783 pieces in other languages passed as English.
 */
export function isEnglishPiece(text: string): boolean {
  const c = countWords(text);
  return nothingForeign(c) && (c.words >= 10 || c.onlyEnglish >= 1);
}

// Small words that start or carry a question, or greet or thank, in other Latin-script languages and never in English
// ("wie", "welche", "quel", "pourquoi", "danke", "merci", "gracias"); those with accents are foreign by their letters anyway.
const OTHERS_ASKING_WORDS = new Set(
  [
    'wie wann welche welcher welches welchem welchen warum wer wen wem woher wohin wieviel wieviele ich mein meine seine ihr ihre einen einem einer kann muss gibt haben hatte zum zur vom beim nach nachdem auf aus wurde wurden wird zu worum worauf wozu womit wodurch woran wovon ging hallo danke bitte vielen guten',
    'quel quelle quels quelles quand comment pourquoi quoi combien je mes peux dois bonjour salut merci',
    'cual cuales cuando como donde quien quienes cuanto cuantos cuantas puedo debo hola gracias buenos buenas',
    'quale quali quando perche quanto posso devo',
    'wat wanneer waarom welke waar kan ik mijn',
    'cine cand unde',
    'nasil neden hangi nerede',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Whether a question has nothing of another language in it: Latin letters without accents, and none of the small or
 * question words of the other Latin-script languages above ("Was dachte Doctor Who 2005, in welchem Zustand sein
 * Heimatplanet sei?" has "welchem"). Short questions have few words to go by ("tell me a joke", "VPN not working"):
 * this does not say they are English, only that nothing says they are not.
 */
export function nothingForeignIn(question: string): boolean {
  const c = countWords(question);
  if (c.otherLetters > 0 || c.othersOwn > 0) return false;
  for (const [word] of question.toLowerCase().matchAll(WORD)) if (OTHERS_ASKING_WORDS.has(word)) return false;
  return true;
}

import { phrasebook } from './localized';

// Greetings, thanks and other social phrases, recognised by pattern at the start (and thanks or
// goodbyes at the end) of a message. What is left once they are removed decides what the
// message is: nothing left is small talk; anything else is asked on its own ("hi, how do I…").

export type SmalltalkKind = 'greeting' | 'thanks' | 'goodbye' | 'how_are_you' | 'who_are_you' | 'acknowledgement';

interface Phrase {
  kind: SmalltalkKind;
  source: string;
  /**
   * Whether the phrase may run straight into a question ("hi how do I…"). Others must end a clause
   * or precede another social phrase: "morning shift hours?" keeps its "morning", "how are you
   * supposed to…" is a question.
   */
  free?: boolean;
}

// "you" only ends a clause ("hey you!"): in "thanks, you saved me…" it starts the next one.
const VOCATIVE = String.raw`(?:[\s,]+(?:there|docent|team|all|everyone|everybody|guys|folks|mate|friend|again|to you|you(?=\s*(?:[.!?,;:]|$))))*`;
const THANKS = String.raw`(?:many |big |super |a big )?(?:thank[- ]?(?:you|u)|thankyou|thanku|thanks?|thanx|thnx|thnks|tnx|thx|tysm|tyvm|cheers|much appreciated|(?:i )?(?:really )?appreciate (?:it|that|the help|your help)|merci(?: beaucoup| bien)?|(?:muchas |mil )?gracias|danke(?: ?sch(?:ö|oe)n| sehr)?|vielen dank|besten dank|谢谢(?:你|您)?|多谢|感谢|ありがとう(?:ございます|ございました)?|どうもありがとう)(?: you)?(?: so much| very much| so| a lot| a bunch| a million| kindly| anyway| again| heaps| loads| a ton)*(?: for (?:[^.!?,;]*))?`;

const PHRASES: Phrase[] = [
  { kind: 'greeting', source: String.raw`(?:hi+|h+e+l+o+|hall?o+|hey+a?|hiya|howdy|greetings|good (?:morning|afternoon|evening|day))`, free: true },
  // German, French, Spanish, Chinese and Japanese greetings (the replies come in the same language).
  {
    kind: 'greeting',
    source: String.raw`(?:guten (?:morgen|tag|abend)|servus|moin|gr(?:ü|ue)(?:ß|ss) gott|gr(?:ü|ue)ezi|bonjour|bonsoir|salut|coucou|hola|buen(?:os|as) (?:d(?:í|i)as|tardes|noches)|你好|您好|大家好|早上好|晚上好|こんにちは|こんばんは|おはよう(?:ございます)?)`,
    free: true,
  },
  { kind: 'greeting', source: String.raw`(?:ello|yo|sup|gm|morning|evening|afternoon|testing|test)(?: \d+)?` },
  { kind: 'greeting', source: String.raw`(?:is )?(?:any(?:one|body) (?:there|here|home)|are you (?:there|awake|online|still there))` },
  { kind: 'thanks', source: THANKS, free: true },
  { kind: 'thanks', source: String.raw`(?:ta|ty)` },
  {
    kind: 'goodbye',
    source: String.raw`(?:tsch(?:ü|ue)ss|auf wiedersehen|bis (?:bald|sp(?:ä|ae)ter|morgen)|au revoir|(?:à|a) bient(?:ô|o)t|bonne (?:journ(?:é|e)e|soir(?:é|e)e)|adi(?:ó|o)s|hasta (?:luego|pronto|ma(?:ñ|n)ana)|再见|拜拜|さようなら|またね|じゃあね|bye(?: bye)?|goodbye|good night|see (?:you|ya)(?: later| soon| tomorrow)?|talk (?:to you )?(?:later|soon)|catch you later|ttyl|gotta go|got to go|have a (?:nice|good|great|lovely) (?:day|evening|weekend|one))`,
  },
  {
    kind: 'how_are_you',
    source: String.raw`(?:wie geht(?: es|'s|s)?(?: (?:dir|ihnen|euch))?(?: heute)?|(?:ç|c)a va|comment (?:(?:ç|c)a va|allez-vous|vas-tu)|c(?:ó|o)mo (?:est(?:á|a)s|est(?:á|a) usted|te va)|qu(?:é|e) tal|你好吗|最近好吗|お元気ですか|how (?:are|r) (?:you|u)(?: doing)?(?: today)?|how(?:'s| is) it going|how are things|how(?:'s| is| has) your day(?: been)?|how do you do|what(?:'s| is) up|whats up|wassup|what(?:'s| is) new|(?:are )?you doing (?:ok|okay|well|good|alright))`,
  },
  {
    kind: 'who_are_you',
    source: String.raw`(?:wer bist du|wer sind sie|was bist du|was kannst du|qui es-tu|qui (?:ê|e)tes-vous|que (?:peux-tu|pouvez-vous) faire|qui(?:é|e)n eres|qu(?:é|e) eres|qu(?:é|e) puedes hacer|你是谁|你能做什么|あなたは誰(?:ですか)?|何ができますか|who (?:are|r) (?:you|u)|what (?:are|r) (?:you|u)|who am i (?:talking|speaking|chatting) (?:to|with)|are (?:you|u) (?:a )?(?:bot|robot|human|real(?: person)?|an? (?:ai|person))|what(?:'s| is) your name|who (?:made|built|created) you|what (?:is|'s) docent|what can (?:you|u) (?:do|help (?:me )?with)|how can (?:you|u) help(?: me)?|what (?:kind|sort) of (?:questions|things) can i ask(?: you)?)`,
  },
  {
    kind: 'acknowledgement',
    source: String.raw`(?:alles klar|prima|verstanden|d'accord|parfait|entendu|perfecto|entendido|de acuerdo|好的|明白了?|知道了|わかりました|了解(?:です|しました)?|ok(?:ay)?|k|alright|all right|cool|nice|great|perfect|awesome|super|excellent|wonderful|brilliant|fine|got it|understood|noted|sounds good|makes sense|will do|no worries|no problem|np|never ?mind|nvm|lol|haha+|hehe|hmm+|oh|ah|wow|yes|yeah|yep|no|nope|sure|good job|well done|nice one|(?:you(?:'re| are)|ur) (?:awesome|great|the best|a star|amazing|brilliant)|(?:that|this|it)(?:'s| is| was)? (?:very |really |super |so )?(?:helpful|useful|great|perfect|clear|exactly what i (?:needed|wanted))|(?:that|this|it) helped(?: a lot| me)?|you(?:'ve| have)? (?:saved|helped) me(?: [a-z ]*)?|you rock|(?:you(?:'re| are) )?(?:a )?(?:legend|life ?saver)|(?:a |very |such a )?(?:great|big|huge) help|(?:that|this|it) works|(?:that|this|it)(?:'s| is) (?:all|it)(?: for now)?|all good|i(?:'m| am) good|nothing else|good to know|i see|interesting|(?:that|this) answers (?:my|the) question)`,
  },
];

const ANY_PHRASE = PHRASES.map((phrase) => phrase.source).join('|');
// What may follow a phrase: the end, punctuation or a symbol (an emoji), or another social phrase.
const CLAUSE_END = String.raw`(?=\s*(?:[.!?,;:]|$)|\s*[^\p{L}\p{N}\s]|\s+(?:${ANY_PHRASE})(?![\p{L}\p{N}]))`;
const SEPARATOR = String.raw`[\s,.!?;:()\-~*'"…]|[^\p{L}\p{N}\s]`;
const LEADING = PHRASES.map((phrase) => ({
  kind: phrase.kind,
  pattern: new RegExp(
    String.raw`^(?:(?:and|&|also|oh|well|so)\s+)?(?:${phrase.source})${VOCATIVE}(?:${phrase.free ? String.raw`(?=${SEPARATOR}|$)` : CLAUSE_END})(?:${SEPARATOR})*`,
    'iu',
  ),
}));
// Thanks may end a question after a space ("…my password thx"); a goodbye only after punctuation.
const TRAILING = [
  { kind: 'thanks' as const, pattern: new RegExp(String.raw`(?:[.!?,;]\s*|\s+)(?:(?:and|&)\s+)?(?:${THANKS})${VOCATIVE}(?:${SEPARATOR})*$`, 'iu') },
  {
    kind: 'goodbye' as const,
    pattern: new RegExp(
      String.raw`[.!?,;]\s*(?:(?:and|&)\s+)?(?:${PHRASES.find((phrase) => phrase.kind === 'goodbye')!.source})${VOCATIVE}(?:${SEPARATOR})*$`,
      'iu',
    ),
  },
];
const FILLER = /^(?:(?:please|pls|plz|so|well|um+|uh+|again|too|as well|though|:\)|:d|xd)\s*)*$/iu;

export interface SocialParse {
  /** The social phrases found, in order, each kind once. */
  kinds: SmalltalkKind[];
  /** The rest of the message, trimmed; empty when it was only social phrases. */
  rest: string;
}

function normalise(text: string): string {
  return (
    text
      .replace(/[’‘`´]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      // Spanish opens exclamations and questions with ¡ and ¿.
      .replace(/^[¡¿]+/u, '')
  );
}

/** Removes greetings and thanks from the start, and thanks or goodbyes from the end, of a message. */
export function parseSocial(message: string): SocialParse {
  const kinds: SmalltalkKind[] = [];
  const note = (kind: SmalltalkKind) => {
    if (!kinds.includes(kind)) kinds.push(kind);
  };
  let rest = normalise(message);
  for (let found = true; found && rest;) {
    found = false;
    for (const { kind, pattern } of LEADING) {
      const match = pattern.exec(rest);
      if (match && match[0].length > 0) {
        note(kind);
        rest = rest.slice(match[0].length).trim();
        found = true;
        break;
      }
    }
  }
  for (let found = true; found && rest;) {
    found = false;
    for (const { kind, pattern } of TRAILING) {
      const match = pattern.exec(rest);
      if (match && match.index > 0) {
        note(kind);
        rest = rest.slice(0, match.index).trim();
        found = true;
        break;
      }
    }
  }
  if (!/[\p{L}\p{N}]/u.test(rest) || FILLER.test(rest)) rest = '';
  return { kinds, rest };
}

/** A short reply to social phrases in the asker's language, one sentence per kind (a hello and a thank-you both get answered). */
export function smalltalkReply(kinds: readonly SmalltalkKind[], language?: string): string {
  const { openers: OPENERS, invitation: INVITATION, comeBack: COME_BACK } = phrasebook(language);
  const said = kinds.length ? kinds : (['greeting'] as const);
  // An acknowledgement next to thanks or a greeting adds nothing to the reply.
  const answered = said.filter((kind) => kind !== 'acknowledgement' || said.length === 1);
  const closing = said.includes('goodbye') ? COME_BACK : INVITATION;
  return [...answered.filter((kind) => kind !== 'goodbye').map((kind) => OPENERS[kind]), ...(said.includes('goodbye') ? [OPENERS.goodbye] : []), closing].join(
    ' ',
  );
}

// What kind of answer a question asks for, and whether a piece of text can be that answer. A
// "how long" question answered by text with no duration, or a how-to question answered by one
// sentence where the document lists steps, is the cited answer that does not answer.

import { readAsEnglish } from '../text/language';
import { tokenize } from '../text/tokenize';
import { readShownList, type ShownList } from './list-text';
import { DECIDING_CUES, DURATION_CUES, QUESTION_CUES } from './question-cues';

export type QuestionType = 'how_to' | 'duration' | 'version' | 'quantity' | 'location' | 'yes_no' | 'list' | 'definition' | 'other';

const LEADING_NOISE = /^(?:(?:hi|hello|hey|ok(?:ay)?|so|and|but|also|then|well|please|thanks?|thank you)\b[\s,!.?-]*)+/i;

const PATTERNS: [QuestionType, RegExp][] = [
  [
    'duration',
    /\b(how long|how soon|how quickly|how often|by when|until when|what time|which day|deadline|due date|turnaround|expire|expires|expiry)\b|^when\b|\bwhen (is|are|do|does|will|should|must|can|did)\b/i,
  ],
  // "What are the core hours?" asks for times ("from 10:00 to 15:00"), which "Outside core hours, you arrange your day…"
  // does not give; only the whole question, so "What is known in hours?" stays another kind.
  ['duration', /^(?:what|which) (?:are|is) (?:the|my|your|our) (?:[\w-]+ ){0,2}hours\s*\??$|^(?:what|which) hours\b/i],
  // Software documentation is asked which versions work ("Which Node.js versions do I need?", "What's the minimum
  // TypeScript version…?"): a sentence about versions without a number ("Vite drops support for older versions") does
  // not answer it. Only a question that starts by asking which one ("What does the English version say?" does not).
  [
    'version',
    /^(?:which|what)(?:'s|\s+is|\s+are)?(?:\s+(?!(?:do|does|did|is|are|was|were|will|would|can|could|should|has|have|had|happened|happens)\b)[\w.+#-]+){0,4}\s+versions?\b/i,
  ],
  [
    'quantity',
    /\b(how (much|many|large|big|high|far)|what(?:'s| is| are)? (?:the|my|our|your) (?:[\w-]+ ){0,2}?(maximum|minimum|limit|cap|amount|cost|price|rate|fee|number|percentage|allowance|budget)s?)\b|\b(how much|limit|maximum|minimum|cap) (is|are|of|for|on)\b/i,
  ],
  [
    'how_to',
    /\b(how (do|can|should|would|could|will|does) (i|we|you|one|someone|my|an?)\b|how to\b|what (are the )?steps|steps (to|for)|what (?:do|can|could|should|must) (?:i|we) (?:need to |have to )?do\b|procedure for|process (for|of|to)|where (do|can|should) i\b|who do i (ask|contact|tell|call))/i,
  ],
  // "Where is the fire extinguisher?" asks for a place, which "Fire extinguisher checks take place every month" does not
  // give. "Where do I / can I …" asks how to do something (above).
  ['location', /^where\b|^(?:in )?which (?:room|floor|building|office|entrance|gate|site|folder|page|tab|menu)\b|^what(?:'s| is) the (?:address|location)\b/i],
  [
    'list',
    /\b(what are (the|my|our)? ?(\w+ ){0,2}(rules|requirements|options|types|kinds|conditions|criteria|documents|benefits|steps|ways)|which (documents|options|benefits)|list (of|the|all))\b|^(what|which) \w+( \w+)? (are|is) (not )?(reimbursed|covered|included|allowed|required|needed|accepted|eligible|provided)\b/i,
  ],
  ['yes_no', /^(can|could|do|does|did|is|are|am|was|were|will|would|should|may|must|have|has|shall|isn't|aren't|don't|doesn't|can't)\b/i],
];

// "What is Harbor?", "What is Perch?", "What is the safety manual about?": asks what a thing is, which a sentence
// that only mentions it ("Sign in to Harbor and open Time Off", "Questions about the hybrid policy can go to…") does not
// answer. Only a short name with nothing after it: "What is the name of…", "What is Kenya's capital?", "What is my
// balance?" and "What is the largest…" ask for one fact, and amounts and dates are asked as quantity and duration above.
const NOT_A_NAME =
  /^(of|for|to|in|on|at|with|by|from|when|where|if|that|which|who|whom|whose|why|how|my|your|our|their|his|her|its|this|these|those|it|they|there|you|i|we|per|than|about|like|as|into|over|under|between|during|after|before|without|within|limit|limits|rate|rates|fee|fees|cost|costs|price|prices|amount|budget|allowance|deadline|salary|bonus|contribution|cap|maximum|minimum|percentage|total|balance|age|size|length|duration|time|times|date|dates|hours|days|address|email|phone|score|count|reference|code|id|password|pin|username|login|link|url|website|contact|owner|location|room|floor|extension|account|iban|most|least|best|worst|largest|biggest|smallest|highest|lowest|oldest|newest|first|last|main|only|next|difference|name|number|purpose|reason|meaning|status|current|latest|same|\w+['’]s)$/i;
const DEFINITION = /^(?:what(?:'s|\s+is|\s+are)|what\s+does)\s+(?:(?:a|an|the)\s+)?((?:[\p{L}\p{N}][\p{L}\p{N}.+#-]*\s*){1,4}?)\s*(?:about|for|mean)?\s*\??$/iu;

/** The thing a definition question asks about ("Harbor", "safety manual"), or null when the question is not one. */
export function definitionSubject(question: string): string[] | null {
  const text = question.trim().replace(LEADING_NOISE, '');
  const match = DEFINITION.exec(text);
  // "What does X do / cover?" asks something else than "What does X mean?".
  if (!match || (/^what\s+does/i.test(text) && !/\bmean\s*\??$/i.test(text))) return null;
  const words = match[1]!.trim().split(/\s+/);
  // "Point" names a place after another word ("the assembly point"); alone it asks for a purpose ("What is the point?").
  return words.some((word) => NOT_A_NAME.test(word)) || /^point$/i.test(words[0]!) ? null : words;
}

/** The answer type the question asks for (its first matching kind, in the order above). */
export function questionType(question: string, language?: string): QuestionType {
  const text = question.trim().replace(LEADING_NOISE, '');
  const cues = (language && QUESTION_CUES[language]) || PATTERNS;
  for (const [type, pattern] of cues) if (pattern.test(text)) return type;
  return readAsEnglish(language) && definitionSubject(text) ? 'definition' : 'other';
}

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|half|a few|several';
// A count or a range of them ("3", "a few", "2–3"), before a unit of time.
const COUNT = `(?:\\d+|${NUMBER_WORDS})(?:\\s*[-–]\\s*\\d+)?`;
const DURATION = new RegExp(
  [
    `\\b${COUNT}\\s*(working |business |calendar |consecutive |full )?(second|minute|hour|day|week|month|year|pay period|business day)s?\\b`,
    '\\b(within|before|after|by|until|no later than|at least|up to)\\s+(\\d|the (end|first|last|next)|' + NUMBER_WORDS + ')',
    '\\b(january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b',
    // "May" the month, not "may" the verb ("the person … may not formally report to you" holds no date).
    '\\b(in|by|until|since|from|before|after|of|early|late|mid|end of)\\s+may\\b|\\b\\d{1,2}(st|nd|rd|th)?\\s+may\\b|\\bmay\\s+\\d',
    '\\b\\d{1,2}[:.]\\d{2}\\b',
    // A year answers "when" ("became Great Khan in 1206", "in the 1060s", "(1288)"); a bare number may be a form's or an amount.
    '\\b(in|since|from|until|by|during|between|before|after|of|the|and)\\s+(1[0-9]|20)\\d{2}s?\\b|\\((1[0-9]|20)\\d{2}\\)',
    '\\b\\d{1,2}(st|nd|rd|th)\\b',
    '\\b(daily|weekly|monthly|annually|yearly|quarterly|every (day|week|month|year)|immediately|same day|next day|tomorrow|today|overnight)\\b',
    '\\b(deadline|expires?|expiry)\\b',
  ].join('|'),
  'i',
);
// A version is named with a number ("20.19+", "Python 3", "5.x", "v5"); any number may be one (a form's "2024 edition").
const VERSION = /\p{N}/u;
const QUANTITY = new RegExp(`\\d|[$€£¥%]|\\b(${NUMBER_WORDS}|no (more|less) than|unlimited|free of charge|at most|at least|maximum|minimum)\\b`, 'i');
// A time of day is no amount: "How many sick days do I get?" is not answered by "tell your manager before 09:30".
const CLOCK_TIME = /\b\d{1,2}:\d{2}\b/g;
// A place: where a thing is in relation to another ("next to every soldering station", "by the north gate"), a part
// of a building or site, a named place ("in Building C", "in Mongolia"), or a menu path in a tool ("Time Off > New
// Request"). "On the first Monday" and "in advance" are no place.
const PLACE_WORDS =
  'room|floor|building|office|kitchen|lobby|reception|entrance|exit|gate|car park|parking|garage|basement|courtyard|hall|corridor|wing|site|campus|desk|station|area|shelf|cabinet|cupboard|drawer|wall|stairwell|stairs|street|road|avenue|square|city|town|country|region|province|state|folder|portal|intranet|drive|page|tab|menu|website|app|district|village|island|river|coast';
const PLACE = new RegExp(
  [
    '\\b(next to|beside|behind|in front of|opposite|near|nearby|nearest|across from|adjacent to|outside|inside|upstairs|downstairs|located|situated|north|south|east|west|northern|southern|eastern|western)\\b',
    `\\b(in|at|on|by|from|to|into|under|above|below|along|off)\\s+(the\\s+|our\\s+|your\\s+|each\\s+|every\\s+|both\\s+|either\\s+|a\\s+|an\\s+)?([\\w-]+\\s+){0,2}(${PLACE_WORDS})s?\\b`,
    '\\S\\s*(>|›|→)\\s*\\S',
  ].join('|'),
  'i',
);
// A named place: a capital after the preposition ("in Building C", "at Harbor", "in Mongolia"), read case-sensitively.
const NAMED_PLACE = /\b(?:in|at|near|from|outside|inside|within|across|throughout)\s+(?:the\s+)?\p{Lu}/u;
// A sentence that tells the reader what to do ("Use the Report Phishing button…") answers a how-to question.
const IMPERATIVE =
  /^(?:(?:first|then|next|finally|afterwards|to \w+[^,]*),?\s+)?(use|click|open|go|select|choose|enter|submit|send|email|call|contact|ask|fill|sign|log|book|request|upload|download|install|press|tap|visit|write|tell|report|follow|complete|attach|add|pick|bring|make|read|check|apply|register|create|set|take|find|print|wait|keep|move|reset|disconnect|connect|lock|block|return|collect|pay|save|update|include|describe|notify|record|claim|file|mail|type|run|start|stop|restart|enable|disable|configure|add|remove|delete|copy|paste|scroll|navigate|log in|sign in|speak|talk|reach out|get in touch|see|refer)\b/i;
// "We don't recommend moving away from handleHotUpdate yet." decides "Should I migrate now?": a negation written short
// (with either apostrophe) or a recommendation decides as "not" and "should" do.
const DECIDING =
  /\b(can|cannot|may|may not|must|must not|not|no|yes|allowed|permitted|prohibited|forbidden|required|requires?|only|never|always|need to|needs to|eligible|entitled|should|will|recommend(?:s|ed)?|advised?|(?:do|does|did|is|are|was|were|ca|could|would|should|wo|need|must|have|has)n['’]t)\b/i;

type AnswerKind = 'sentence' | 'list' | 'table' | 'code';

/**
 * Whether a list (its lead-in and items) tells the reader what to do: numbered, announced by an instruction
 * ("Bring these items with you:"), or opening with or mostly made of instructions. The rules for a corporate card ("The
 * monthly limit is 3,000 EUR.", "Card transactions appear in Ledgerly…") are no answer to "How do I get one?". English
 * instructions only: in another language every list still counts as steps.
 */
function givesSteps({ leadIn, items }: ShownList): boolean {
  if (items.length === 0 || items.some((item) => item.numbered)) return true;
  if (leadIn !== undefined && IMPERATIVE.test(leadIn)) return true;
  return IMPERATIVE.test(items[0]!.text) || items.filter((item) => IMPERATIVE.test(item.text)).length * 2 >= items.length;
}

/** How well `text` (an answer unit) can answer a question of this type: 1 fits, 0 does not. */
export function typeFit(type: QuestionType, quoted: string, kind: AnswerKind, language?: string): number {
  const foreign = !readAsEnglish(language);
  // A step's number ("2. Supervisors will consider…") and the count of items left out are no amount, version or date.
  const list = kind === 'list' ? readShownList(quoted) : null;
  const text = list ? list.words : quoted;
  switch (type) {
    case 'duration':
      return DURATION.test(text) || (foreign && DURATION_CUES.test(text)) ? 1 : 0;
    case 'version':
      return VERSION.test(text) ? 1 : 0;
    case 'quantity':
      return QUANTITY.test(text.replace(CLOCK_TIME, ' ')) ? 1 : 0;
    case 'location':
      return foreign || PLACE.test(text) || NAMED_PLACE.test(text) ? 1 : 0.5;
    case 'how_to':
      return kind === 'code' || (list ? foreign || givesSteps(list) : IMPERATIVE.test(text)) ? 1 : 0.5;
    case 'list':
      return kind === 'list' || kind === 'table' ? 1 : 0.5;
    case 'yes_no':
      return DECIDING.test(text) || (foreign && DECIDING_CUES.test(text)) ? 1 : 0.5;
    default:
      return 1;
  }
}

// Verbs that say what a thing is or does; not those that are also common nouns after a name ("Harbor under Pay").
const DEFINING_VERB =
  'is|are|was|were|means|refers to|stands for|describes|explains|covers|sets out|offers|provides|lets|allows|gives|helps|applies to|includes|consists of|contains';

// What a copula goes on to when it says how a thing is rather than what it is ("Beacon is only available on company
// devices", "is not …", "is usually …"). Anything else may define it ("is our company VPN", "is available for important
// life events").
const SAYS_HOW = /^(?:not|only|never|always|usually|often|sometimes|rarely|still|currently|now|just|already|automatically)$/i;
const COPULA = /^(?:is|are|was|were)$/i;

/**
 * How well a sentence says what `subject` is: 1 when one of its words is named and then defined ("VA disability
 * compensation (pay) offers a monthly payment", "Beacon is our company VPN", "This manual explains…") or named in
 * apposition ("recorded in Harbor, our HR tool"); 0.5 when it is named and then described ("Beacon is only available on
 * company devices"), which says how it is but not what it is; 0 when it is only mentioned ("Sign in to Harbor and
 * open Time Off"). Compiled once per question: the answerer tries it on every unit of the passages.
 */
export function definitionMatcher(subject: string[]): (text: string) => number {
  const stems = subject
    .filter((word) => word.length >= 3)
    .map((word) =>
      word
        .toLowerCase()
        .replace(/[.+#-]+$/, '')
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/(?:ies|s)$/, ''),
    );
  if (stems.length === 0) return () => 0;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${stems.join('|')})(?:ies|y|es|s)?(?![\\p{L}\\p{N}])(?:\\s*\\([^)]*\\))?(?:\\s*,\\s*(?:our|the|a|an|which|who)\\b|(?:\\s+[\\p{L}\\p{N}-]+){0,2}?\\s+(${DEFINING_VERB})\\b(?:\\s+[^\\p{L}\\p{N}\\s]*(\\p{L}+))?)`,
    'giu',
  );
  // The best of its mentions: one that defines the thing wins over one that describes it.
  return (text) => {
    let fit = 0;
    for (const [, verb, next] of text.matchAll(pattern)) {
      if (verb === undefined || !COPULA.test(verb) || next === undefined || !SAYS_HOW.test(next)) return 1;
      fit = 0.5;
    }
    return fit;
  };
}

// "How long does it take?" asks how long something lasts once started, which a notice period ("ideally a few days
// ahead", "at least 2 weeks in advance") does not say: the issue's own follow-up ("and how long does that take?" after
// "How do I request time off?") was answered with the notice rule instead of "within 3 working days".
const ASKS_HOW_LONG_IT_TAKES = /\bhow (?:long|quickly|soon)\b(?:\s+[\w'-]+){0,8}?\s+(take|takes|taking|took|last|lasts)\b/i;
const LEAD_TIME = new RegExp(
  `\\b(?:(?:at least|about|around|up to)\\s+)?${COUNT}\\s*(?:working |business |calendar )?(?:day|week|month|hour)s?\\s+(?:ahead|in advance|beforehand|before|prior|notice)\\b`,
  'gi',
);

// "Is there a home office stipend?" and "Does the company pay for my internet?" ask whether something exists or is given,
// which a sentence saying it is given decides ("Every office-based employee receives a one-off home office stipend of
// 500 EUR") as much as one with "may" or "must": the latter alone fitted, so "The stipend must be claimed within 6
// months…" answered it.
const ASKS_WHETHER_GIVEN = /^(?:(?:is|are)\s+there|(?:do|does)\s+(?:[\w'-]+\s+){1,3}?(?:have|offer|provide|get|give|pay|cover|reimburse)s?)\b/i;
const GIVEN =
  /\b(?:there (?:is|are)|receives?|gets?|offer(?:s|ed)?|provides?|provided|pays?|paid|covers?|covered|reimburses?|reimbursed|gives?|given|grants?|granted|available|includes?|ha(?:s|ve) (?:a|an|its own|their own))\b/i;

/** How well each answer unit can answer `question` (of `type`): typeFit, or for "what is X" how well it says what X is. */
export function answerFit(question: string, type: QuestionType, language?: string): (text: string, kind: AnswerKind) => number {
  if (type === 'yes_no' && readAsEnglish(language) && ASKS_WHETHER_GIVEN.test(question.trim())) {
    return (text, kind) => (kind === 'sentence' && GIVEN.test(text) ? 1 : typeFit(type, text, kind, language));
  }
  if (type === 'duration' && readAsEnglish(language) && ASKS_HOW_LONG_IT_TAKES.test(question)) {
    // A sentence whose only durations are notice periods fits half; one with a lasting time as well still fits.
    return (text, kind) => {
      const fit = typeFit(type, text, kind, language);
      return fit === 1 && typeFit(type, text.replace(LEAD_TIME, ' '), kind, language) === 0 ? 0.5 : fit;
    };
  }
  const subject = type === 'definition' ? definitionSubject(question) : null;
  if (!subject) return (text, kind) => typeFit(type, text, kind, language);
  return definitionMatcher(subject);
}

// A sentence that announces what follows ("the rules below", "as follows", a trailing colon).
const FORWARD =
  /(:\s*$|\b(as follows|the following|following (steps|rules|amounts|items|conditions|requirements|documents|options)|(listed|shown|described|set out|outlined) below|below:?$|the (rules|steps|table|list) below|these steps|see (the )?(table|list|steps) below)\b)/i;

/** Whether a sentence points at content after it instead of stating it. */
export function pointsForward(sentence: string): boolean {
  return FORWARD.test(sentence.trim());
}

// A sentence that sends the reader elsewhere instead of answering ("refer to How to set up…", "see the travel page"), or
// tells what the page covers instead of saying it ("This page walks you through … when you will be paid").
// "Read the letter carefully", "Visit a DMV office" and "Go to Settings" are steps, not references: reading, visiting
// or going counts only when it is to a page, a guide or more information.
const REFERENCE =
  /^(this (page|section|guide|article|document|chapter) (walks you through|explains|describes|covers|tells you|sets out|outlines|gives an overview of)|see|refer to|for (more|further) (information|details|help)|more (information|details) (is|are|can be) (available|found)|read (more|about)|(read|visit|go to|check out) (the|our|this)( [\w-]+){0,2} (page|guide|article|section|documentation|docs|faq|policy|website|site|instructions|link)s?)\b|\b(refer to|is described in|are described in|is explained in|see the (page|section|guide|article|document))\b/i;

// A link's teaser, which names what the reader could find out there instead of saying it: "Find out if you can get
// disability compensation if you have symptoms of PTSD.", "Understand how claiming retirement benefits early will affect
// your benefit amount.", "Learn more about …". doc2dial answered both at 0.88 and 0.75, quoting nothing that answers.
const TEASER =
  /^(?:find out|learn|discover|understand|get (?:more )?(?:information|details))\s+(?:more\s+)?(?:if|whether|how|what|when|where|which|who|why|about)\b/i;

/** Whether a sentence points to another page or section, or teases one, rather than stating the answer. */
export function refersElsewhere(sentence: string): boolean {
  const text = sentence.trim();
  return REFERENCE.test(text) || TEASER.test(text);
}

/**
 * English asking words, as the tokenizer keeps them (some are stop words already), and the pronouns the stop set lacks:
 * "them" in "can I carry them over?" and "am" in "I am sick" name nothing an answer repeats.
 */
const ASKING = tokenize('when where why who whom whose which what how am them him her he she us', 'en');
/**
 * The words that ask in a phrase: the one after "how" when it asks for a degree ("how long", "how much"; not "how
 * financial aid works"), "until" in "until when", the kind of answer after "what" ("what year"), "need" and "want"
 * before a verb ("Do I need to tell…" is answered by "Tell your manager…"), and the verb of "how long does it take"
 * ("…within 3 working days").
 */
const ASKING_PHRASES = [
  /\bhow\s+(long|much|many|often|soon|far|big|large|small|old|high|low|early|late|quickly|fast|frequently)\b/giu,
  /\b(until|till)\s+when\b/giu,
  // The kind of answer asked for after "what" or "which": "In what year did…" is answered by "…in 1206".
  /\b(?:what|which)\s+(years?|century|decade|date|month|day|time(?!\s+off\b)|types?|kinds?|sorts?|percentage|percent|name|number|amount)\b/giu,
  /\b(need|needs|want|wants)\s+to\b/giu,
  // "Is there a deadline for that?" is answered by "…must be claimed within 6 months", which does not repeat the word.
  /\b(deadlines?)\b/giu,
  new RegExp(ASKS_HOW_LONG_IT_TAKES.source, 'giu'),
];
/** The question's words that ask rather than name what is asked about. */
export const askingTerms = (question: string) =>
  new Set([...ASKING, ...ASKING_PHRASES.flatMap((phrase) => [...question.matchAll(phrase)].flatMap((match) => tokenize(match[1]!, 'en')))]);

/** The terms that name what is asked about: all but the asking words, in English (elsewhere there are none to leave out). */
export function namedTerms(terms: string[], asking: ReadonlySet<string>, language?: string): string[] {
  if (!readAsEnglish(language)) return terms;
  // "What is the deadline?" names nothing else: its asking words are all there is to cover.
  const named = terms.filter((term) => !asking.has(term));
  return named.length ? named : terms;
}

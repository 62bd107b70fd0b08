import type { QuestionType } from './question-type';

// Question-type cues and answer-shape cues in German, French, Spanish, Chinese and Japanese; the
// English ones are in question-type.ts. Word boundaries are Unicode-aware (JavaScript's \b knows
// only ASCII letters, so "qué" or "für" would never end a word); Chinese and Japanese have none.

const words = (source: string) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${source})(?![\p{L}\p{N}])`, 'iu');
const anywhere = (source: string) => new RegExp(source, 'u');
const start = (source: string) => new RegExp(String.raw`^[¿¡\s]*(?:${source})(?![\p{L}\p{N}])`, 'iu');

export const QUESTION_CUES: Record<string, [QuestionType, RegExp][]> = {
  de: [
    ['duration', words('wie lange|wie schnell|wie oft|bis wann|ab wann|wann|frist|fristen|dauert|dauer')],
    // German joins the product to the word: "Node.js-Version", "Mindestversion".
    ['version', start(String.raw`(?:welche|was f(?:ü|ue)r eine?)(?:\s+[\p{L}\p{N}.+#-]+){0,3}?[\s-]*[\p{L}\p{N}.+#-]*?version(?:en)?`)],
    ['quantity', words('wie (?:viel|viele|hoch|gro(?:ß|ss)|weit)|was kostet|was kosten|maximal|h(?:ö|oe)chstens|mindestens|obergrenze|betrag|limit')],
    [
      'how_to',
      words(
        'wie (?:kann|k(?:ö|oe)nnen|muss|m(?:ü|ue)ssen|soll|beantrage|melde|bekomme|mache|richte|funktioniert)|wo (?:kann|muss|soll|finde)|an wen|wer ist zust(?:ä|ae)ndig|welche schritte|vorgehen',
      ),
    ],
    ['list', words('welche (?:regeln|anforderungen|voraussetzungen|unterlagen|dokumente|optionen|leistungen|arten)')],
    ['yes_no', start('kann|darf|muss|ist|sind|gibt es|habe|hat|bin|wird|werden|soll|sollte|k(?:ö|oe)nnen|d(?:ü|ue)rfen')],
  ],
  fr: [
    ['duration', words('combien de temps|quand|(?:à|a) quelle heure|quel d(?:é|e)lai|d(?:é|e)lai|jusqu.(?:à|a) quand|(?:à|a) quelle fr(?:é|e)quence')],
    ['version', start(String.raw`(?:quelle|quelles)(?:\s+(?:est|sont))?(?:\s+la|\s+les)?(?:\s+[\p{L}\p{N}.+#-]+){0,2}\s+versions?`)],
    ['quantity', words('combien|quel (?:est le )?(?:montant|plafond|maximum|minimum|prix|co(?:û|u)t)|quelle (?:est la )?(?:limite|somme)')],
    [
      'how_to',
      words(
        'comment (?:faire|puis-je|dois-je|peut-on|faut-il|demander|obtenir)|o(?:ù|u) (?:puis-je|dois-je|trouver)|(?:à|a) qui|quelles (?:sont les )?(?:(?:é|e)tapes|d(?:é|e)marches)|proc(?:é|e)dure',
      ),
    ],
    ['list', words('quel(?:le)?s (?:sont les )?(?:r(?:è|e)gles|conditions|exigences|documents|options|avantages)')],
    ['yes_no', start('est-ce que|puis-je|dois-je|peut-on|faut-il|ai-je|suis-je|y a-t-il|est-il|est-elle')],
  ],
  es: [
    ['duration', words('cu(?:á|a)nto tiempo|cu(?:á|a)ndo|hasta cu(?:á|a)ndo|qu(?:é|e) plazo|plazo|a qu(?:é|e) hora|con qu(?:é|e) frecuencia')],
    ['version', start(String.raw`(?:qu(?:é|e)|cu(?:á|a)l(?:es)?)(?:\s+(?:es|son))?(?:\s+la|\s+las)?(?:\s+[\p{L}\p{N}.+#-]+){0,2}\s+versi(?:ó|o)n(?:es)?`)],
    [
      'quantity',
      words(
        'cu(?:á|a)nt[oa]s?|qu(?:é|e) (?:importe|l(?:í|i)mite|m(?:á|a)ximo|m(?:í|i)nimo|precio|costo|coste)|cu(?:á|a)l es el (?:l(?:í|i)mite|importe|m(?:á|a)ximo)',
      ),
    ],
    [
      'how_to',
      words(
        'c(?:ó|o)mo (?:puedo|debo|se|hago|solicito|pido|obtengo)|d(?:ó|o)nde (?:puedo|debo|encuentro)|a qui(?:é|e)n|qu(?:é|e) pasos|procedimiento|tr(?:á|a)mite',
      ),
    ],
    ['list', words('cu(?:á|a)les son (?:las|los) (?:reglas|requisitos|condiciones|documentos|opciones|beneficios)')],
    ['yes_no', start('puedo|debo|hay|es|son|tengo|se puede|est(?:á|a) permitido|existe')],
  ],
  zh: [
    ['duration', anywhere('多久|多长时间|什么时候|何时|几点|期限|截止|多少天|哪天')],
    ['version', anywhere('哪个版本|哪些版本|什么版本|哪一版|最低版本|版本要求')],
    ['quantity', anywhere('多少|几个|几位|几次|上限|最多|最少|金额|费用|价格')],
    ['how_to', anywhere('怎么|怎样|如何|步骤|流程|在哪里|去哪|找谁|向谁')],
    ['list', anywhere('哪些|有什么(规定|要求|条件|材料|文件|选项)')],
    ['yes_no', anywhere('吗[？?]?$|是否|能不能|可不可以|可以不可以|有没有')],
  ],
  // Thai: measured on XQuAD's calibration half (split a), where "how many" (กี่) and "when" (เมื่อใด, ปีใด) questions were
  // answered by the piece that repeats the question rather than the one holding the number or the year.
  th: [
    ['duration', anywhere('เมื่อใด|เมื่อไร|เมื่อไหร่|ปีใด|ปีไหน|ปีอะไร|ช่วงใด|ช่วงไหน|ศตวรรษใด|นานเท่าไร|นานเท่าใด|นานแค่ไหน')],
    // Not the กี่ inside เกี่ยว ("about"): Thai writes no spaces between words.
    ['quantity', anywhere('(?<!เ)กี่|เท่าไร|เท่าใด|เท่าไหร่|มากแค่ไหน')],
  ],
  ja: [
    ['duration', anywhere('どのくらい(の期間|かかり)|いつ|何時|何日|期限|締め切り|締切')],
    ['version', anywhere('どのバージョン|何のバージョン|最低バージョン|バージョン要件|必要なバージョン')],
    ['quantity', anywhere('いくら|何人|何個|何回|上限|最大|最低|金額|費用')],
    ['how_to', anywhere('どうやって|どうすれば|どのように|方法|手順|どこで|誰に')],
    ['list', anywhere('どんな(規則|ルール|条件|書類|要件)|何が必要')],
    ['yes_no', anywhere('(ますか|ですか|できますか|でしょうか)[？?]?$')],
  ],
};

/** Units of time in these languages: "innerhalb von 3 Tagen", "30 días", "3日以内". */
export const DURATION_CUES = new RegExp(
  [
    String.raw`\d+\s*(?:arbeits|werk)?(?:tage?n?|wochen?|monate?n?|jahre?n?|stunden?|minuten?)`,
    String.raw`\d+\s*(?:jours?|semaines?|mois|ans|ann(?:é|e)es?|heures?|minutes?)`,
    String.raw`\d+\s*(?:d(?:í|i)as?|semanas?|meses|mes|a(?:ñ|n)os?|horas?|minutos?)`,
    String.raw`[\d一二三四五六七八九十两]+\s*(?:个)?(?:天|周|星期|月|年|小时|分钟|工作日|日|週間|か月|ヶ月|時間|分)`,
    String.raw`(?<![\p{L}])(?:innerhalb|bis|sp(?:ä|ae)testens|vor|nach|avant|apr(?:è|e)s|dans les|d(?:è|e)s|antes|despu(?:é|e)s|dentro de|hasta)(?![\p{L}])`,
    '以内|之前|之后|以前|までに|以降',
    // Thai: a year ("ปี 1774", "ค.ศ. 1963"), a month, a century or decade, or a count of units of time.
    String.raw`(?:ปี|ค\.ศ\.|พ\.ศ\.|ทศวรรษ|ศตวรรษที่)\s*\d+|\d+\s*(?:วัน|สัปดาห์|เดือน|ปี|ชั่วโมง|นาที)`,
    'มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม',
  ].join('|'),
  'iu',
);

/** Words that decide a yes/no question: "nicht", "seulement", "no", "不", "できません". */
export const DECIDING_CUES = new RegExp(
  String.raw`(?<![\p{L}])(?:nicht|kein\w*|nur|immer|nie|muss|darf|kann|ja|nein|pas|ne|seulement|jamais|toujours|doit|peut|interdit|autoris(?:é|e)e?s?|no|s(?:í|i)|solo|nunca|siempre|debe|puede|prohibido|permitido)(?![\p{L}])|不|可以|必须|只|没有|禁止|允许|ません|できます|必要|だけ|禁止|可能`,
  'iu',
);

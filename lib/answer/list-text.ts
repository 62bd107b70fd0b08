// How an answer shows a list: the sentence that announces it, one line per item ("1. …" when numbered, "• …" otherwise)
// and, for a long one, a last line saying how many items it leaves out. units.ts writes it; the check of what a quote
// can answer (question-type.ts) reads it back, so both take its marks from here.

const ITEM = /^(?:([-*+•])|\d+[.)])\s+(.*)$/;
const MORE_ITEMS = /^\(\d+ more items? in the source\)$/;

/** The last line of a list shown without its last `left` items. */
export const moreItemsLine = (left: number) => `(${left} more item${left === 1 ? '' : 's'} in the source)`;

export interface ShownList {
  /** The sentence that announces the list, when it is shown with it. */
  leadIn: string | undefined;
  items: { numbered: boolean; text: string }[];
  /** What the list says without its marks: the lead-in and the items' texts, a line each (a step's "2." is no amount). */
  words: string;
}

/** A list as `answerUnits` shows it, read back into its lead-in and items. */
export function readShownList(shown: string): ShownList {
  const lines = shown.split('\n').filter((line) => !MORE_ITEMS.test(line));
  const items: ShownList['items'] = [];
  const words = lines.map((line) => {
    const item = ITEM.exec(line);
    if (!item) return line;
    items.push({ numbered: item[1] === undefined, text: item[2]! });
    return item[2]!;
  });
  return { leadIn: lines.find((line) => !ITEM.test(line)), items, words: words.join('\n') };
}

// A Markdown list as the answerer reads it: its items in order, loose or tight, with what is indented under an item
// (a paragraph, a short command) read as part of it.

export const LIST_ITEM = /^(\s*)([-*+•]|\d+[.)])\s+(.*)$/;

export interface ListItem {
  text: string;
  marker: string;
}

/** The list opening at line `start`: its items (inline Markdown read by `read`) and the index of the first line after it. */
export function readList(lines: string[], start: number, read: (text: string) => string): { items: ListItem[]; end: number } {
  const first = LIST_ITEM.exec(lines[start]!)!;
  const items: ListItem[] = [];
  let index = start;
  for (; index < lines.length; index += 1) {
    const current = LIST_ITEM.exec(lines[index]!);
    if (current) items.push({ text: read(current[3]!), marker: /\d/.test(current[2]!) ? current[2]!.replace(')', '.') : '•' });
    else if (items.length && INDENTED_FENCE.test(lines[index]!)) index = codeInItem(lines, index, items.at(-1)!);
    else if (lines[index]!.trim() && /^\s{2,}/.test(lines[index]!) && items.length) items.at(-1)!.text += ` ${read(lines[index]!)}`;
    else if (!lines[index]!.trim() && (continuesList(lines, index, first) || continuesItem(lines, index))) continue;
    else break;
  }
  return { items: items.filter((entry) => entry.text), end: index };
}

const INDENTED_FENCE = /^\s{2,}(```|~~~)/;
// A step's code is quoted with it when it is a command or two ("npm install vite"); a longer one stays in the source.
const CODE_IN_ITEM_LINES = 2;

/**
 * The code block an item holds ("1. Configure the entry:" and its indented code), read as part of the item; returns the
 * index of the block's last line. Written in the item, it no longer ends the list: a backend integration's step 2 was a
 * list of its own, and a how-to answer quoted step 1 alone.
 */
function codeInItem(lines: string[], open: number, item: ListItem): number {
  const code: string[] = [];
  let index = open + 1;
  for (; index < lines.length && !/^(```|~~~)/.test(lines[index]!.trim()); index += 1) if (lines[index]!.trim()) code.push(lines[index]!.trim());
  if (code.length && code.length <= CODE_IN_ITEM_LINES) item.text += ` ${code.join(' ')}`;
  return index;
}

/** Whether the item before the blank line at `blank` goes on after it: an indented paragraph or code block is inside it. */
function continuesItem(lines: string[], blank: number): boolean {
  let next = blank + 1;
  while (next < lines.length && !lines[next]!.trim()) next += 1;
  return next < lines.length && /^\s{2,}\S/.test(lines[next]!) && !LIST_ITEM.test(lines[next]!);
}

/**
 * Whether the list that `first` opened goes on after the blank line at `blank`: a "loose" list puts a blank line between
 * its items (step 2 of 3 is still the same list), and an item indented deeper is nested in it. A list of the other kind
 * (numbered after bullets) at the same depth is a new one.
 */
function continuesList(lines: string[], blank: number, first: RegExpExecArray): boolean {
  let next = blank + 1;
  while (next < lines.length && !lines[next]!.trim()) next += 1;
  const item = next < lines.length ? LIST_ITEM.exec(lines[next]!) : null;
  if (!item) return false;
  if (item[1]!.length > first[1]!.length) return true;
  return item[1]!.length === first[1]!.length && /\d/.test(item[2]!) === /\d/.test(first[2]!);
}

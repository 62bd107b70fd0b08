// A Markdown list as the answerer reads it: its items in order, loose or tight, with what is indented under an item
// (a paragraph, a short command) read as part of it; and the fenced code blocks that may sit inside one.

export const LIST_ITEM = /^(\s*)([-*+•]|\d+[.)])\s+(.*)$/;
/** A line that opens or closes a fenced code block, read trimmed. */
export const FENCE = /^(```|~~~)/;

/** The lines inside the fenced code block opening at line `open`, and the index of its closing line (or the end). */
export function fencedCode(lines: string[], open: number): { code: string[]; close: number } {
  let close = open + 1;
  while (close < lines.length && !FENCE.test(lines[close]!.trim())) close += 1;
  return { code: lines.slice(open + 1, close), close };
}

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
    const line = lines[index]!;
    const current = LIST_ITEM.exec(line);
    const last = items.at(-1);
    if (current) items.push({ text: read(current[3]!), marker: /\d/.test(current[2]!) ? current[2]!.replace(')', '.') : '•' });
    // Indented under an item: a code block or a line of its text.
    else if (last && /^\s{2,}\S/.test(line)) {
      if (FENCE.test(line.trim())) index = codeInItem(lines, index, last);
      else last.text += ` ${read(line)}`;
    } else if (!line.trim() && (continuesList(lines, index, first) || continuesItem(lines, index))) continue;
    else break;
  }
  return { items: items.filter((entry) => entry.text), end: index };
}

// A step's code is quoted with it when it is a command or two ("npm install vite"); a longer one stays in the source.
const CODE_IN_ITEM_LINES = 2;

/**
 * The code block an item holds ("1. Configure the entry:" and its indented code), read as part of the item; returns the
 * index of the block's last line. Written in the item, it no longer ends the list: a backend integration's step 2 was a
 * list of its own, and a how-to answer quoted step 1 alone.
 */
function codeInItem(lines: string[], open: number, item: ListItem): number {
  const { code, close } = fencedCode(lines, open);
  const written = code.map((line) => line.trim()).filter(Boolean);
  if (written.length && written.length <= CODE_IN_ITEM_LINES) item.text += ` ${written.join(' ')}`;
  return close;
}

/** Whether the item before the blank line at `blank` goes on after it: an indented paragraph or code block is inside it. */
function continuesItem(lines: string[], blank: number): boolean {
  const next = lines[nextWritten(lines, blank)];
  return next !== undefined && /^\s{2,}\S/.test(next) && !LIST_ITEM.test(next);
}

/**
 * Whether the list that `first` opened goes on after the blank line at `blank`: a "loose" list puts a blank line between
 * its items (step 2 of 3 is still the same list), and an item indented deeper is nested in it. A list of the other kind
 * (numbered after bullets) at the same depth is a new one.
 */
function continuesList(lines: string[], blank: number, first: RegExpExecArray): boolean {
  const next = lines[nextWritten(lines, blank)];
  const item = next === undefined ? null : LIST_ITEM.exec(next);
  if (!item) return false;
  if (item[1]!.length > first[1]!.length) return true;
  return item[1]!.length === first[1]!.length && /\d/.test(item[2]!) === /\d/.test(first[2]!);
}

/** The index of the first line after `blank` that is not blank (the lines' length when none is). */
function nextWritten(lines: string[], blank: number): number {
  let next = blank + 1;
  while (next < lines.length && !lines[next]!.trim()) next += 1;
  return next;
}

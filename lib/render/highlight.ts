import { markdownToPlainText } from './plain-text';

// Marks a cited passage in a rendered document. A quote is cleaned text (sentences without their
// Markdown, table rows joined by dashes) and the document is formatted HTML, so both are compared
// by their letters and digits only: markup, punctuation and whitespace cannot prevent a match.
// Works on any DOM (the browser's, or linkedom's in tests) and only wraps existing text in <mark>.

export type HighlightKind = 'quote' | 'chunk';

export interface Passage {
  /** The quoted sentences of a citation, if the link carried them. */
  quote: string | null;
  /** The cited chunk's text from the indexed document, the fallback. */
  chunk: string | null;
  /** Whether quote and chunk are Markdown (the document was rendered from it). */
  markdown: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{N}]+/gu;
/** Punctuation that ends a sentence or a clause, kept inside the mark after its last word. */
const TRAILING = /[.!?…:;,)\]"'”’%]/;
const LEADING_TRAILING = new RegExp(`^${TRAILING.source}+`);
/**
 * Runs of fewer words are too common to place a mark by ("of the"), unless they are the whole
 * quote; inside the cited chunk two will do (a table row such as "Vacation — 25").
 */
const MIN_RUN_WORDS = 3;
const MIN_RUN_WORDS_IN_CHUNK = 2;

/** The document's letters and digits, lower-cased, each mapped back to its text node and offset. */
interface Stream {
  text: string;
  nodes: Text[];
  node: number[];
  start: number[];
  end: number[];
}

function textNodes(root: Node): Text[] {
  const found: Text[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 3) found.push(node as Text);
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
  }
  return found;
}

function streamOf(root: Node): Stream {
  const stream: Stream = { text: '', nodes: textNodes(root), node: [], start: [], end: [] };
  const parts: string[] = [];
  stream.nodes.forEach((node, index) => {
    const data = node.data;
    for (let offset = 0; offset < data.length;) {
      const char = String.fromCodePoint(data.codePointAt(offset)!);
      if (LETTER_OR_DIGIT.test(char)) {
        for (const folded of char.toLowerCase()) {
          parts.push(folded);
          stream.node.push(index);
          stream.start.push(offset);
          stream.end.push(offset + char.length);
        }
      }
      offset += char.length;
    }
  });
  stream.text = parts.join('');
  return stream;
}

function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((word) => [...word].map((char) => char.toLowerCase()).join(''));
}

type Range = [start: number, end: number];

/**
 * The longest runs of consecutive words of `wanted` found in the stream, preferring matches inside
 * `region` (the cited chunk): quoted sentences need not be next to each other in the document.
 */
function findRuns(wanted: string[], stream: string, region: Range | null): Range[] {
  const find = (needle: string): { at: number; inside: boolean } => {
    if (region) {
      const inside = stream.indexOf(needle, region[0]);
      if (inside >= 0 && inside + needle.length <= region[1]) return { at: inside, inside: true };
    }
    return { at: stream.indexOf(needle), inside: false };
  };
  const runs: Range[] = [];
  for (let first = 0; first < wanted.length;) {
    let needle = '';
    let best: { words: number; at: number; length: number; inside: boolean } | null = null;
    for (let last = first; last < wanted.length; last += 1) {
      needle += wanted[last];
      const { at, inside } = find(needle);
      if (at < 0) break;
      best = { words: last - first + 1, at, length: needle.length, inside };
    }
    const minWords = Math.min(best?.inside ? MIN_RUN_WORDS_IN_CHUNK : MIN_RUN_WORDS, wanted.length);
    if (best && best.words >= minWords) {
      runs.push([best.at, best.at + best.length]);
      first += best.words;
    } else first += 1;
  }
  return runs;
}

function covered(runs: Range[]): number {
  return runs.reduce((sum, [start, end]) => sum + end - start, 0);
}

/** Wraps the text of each stream range in <mark>, one per text node it crosses (so the markup stays valid). */
function wrap(stream: Stream, ranges: Range[]): void {
  const pieces = new Map<number, Range[]>();
  for (const [from, to] of ranges) {
    const firstNode = stream.node[from]!;
    let lastNode = stream.node[to - 1]!;
    let lastEnd = stream.end[to - 1]!;
    const tail = stream.nodes[lastNode]!.data;
    while (lastEnd < tail.length && TRAILING.test(tail[lastEnd]!)) lastEnd += 1;
    // The full stop after "<strong>31 March</strong>" is the next text node's.
    const after = lastEnd === tail.length ? stream.nodes[lastNode + 1]?.data : undefined;
    const carried = after ? LEADING_TRAILING.exec(after)?.[0].length : undefined;
    if (carried) {
      lastNode += 1;
      lastEnd = carried;
    }
    for (let index = firstNode; index <= lastNode; index += 1) {
      const data = stream.nodes[index]!.data;
      const start = index === firstNode ? stream.start[from]! : 0;
      const end = index === lastNode ? lastEnd : data.length;
      // Whitespace between table rows or list items is not text a mark could sit in.
      if (data.slice(start, end).trim()) pieces.set(index, [...(pieces.get(index) ?? []), [start, end]]);
    }
  }
  for (const [index, spans] of pieces) {
    const node = stream.nodes[index]!;
    const document = node.ownerDocument;
    const parent = node.parentNode!;
    const data = node.data;
    let cursor = 0;
    for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
      const from = Math.max(start, cursor);
      if (end <= from) continue;
      if (from > cursor) parent.insertBefore(document.createTextNode(data.slice(cursor, from)), node);
      const mark = document.createElement('mark');
      mark.textContent = data.slice(from, end);
      parent.insertBefore(mark, node);
      cursor = end;
    }
    if (cursor < data.length) parent.insertBefore(document.createTextNode(data.slice(cursor)), node);
    parent.removeChild(node);
  }
}

/**
 * Marks the quoted sentences inside `root`, or the whole cited chunk when the quote is missing or
 * mostly not found. Returns what was marked, or null when neither could be found.
 */
export function highlightPassage(root: Node, passage: Passage): HighlightKind | null {
  // Adjacent text nodes (a parser may split text at entities) would split a mark needlessly.
  root.normalize();
  const stream = streamOf(root);
  const plain = (text: string) => (passage.markdown ? markdownToPlainText(text) : text);
  let region: Range | null = null;
  let chunkRuns: Range[] = [];
  if (passage.chunk) {
    const chunk = words(plain(passage.chunk)).join('');
    const at = chunk ? stream.text.indexOf(chunk) : -1;
    chunkRuns = at >= 0 ? [[at, at + chunk.length]] : findRuns(words(plain(passage.chunk)), stream.text, null);
    if (chunkRuns.length) region = [Math.min(...chunkRuns.map((run) => run[0])), Math.max(...chunkRuns.map((run) => run[1]))];
  }
  if (passage.quote) {
    const quote = words(plain(passage.quote));
    const runs = findRuns(quote, stream.text, region);
    // Most of the quote must be there: a few stray matching words are not the cited sentences.
    if (runs.length && covered(runs) * 2 >= quote.join('').length) {
      wrap(stream, runs);
      return 'quote';
    }
  }
  if (chunkRuns.length) {
    wrap(stream, chunkRuns);
    return 'chunk';
  }
  return null;
}

import { decodeHTML } from 'entities';
import { splitIntoSentences } from '../text/sentences';
import { FENCE, LIST_ITEM, fencedCode, readList } from './list-blocks';
import { moreItemsLine } from './list-text';
import { pointsForward, refersElsewhere } from './question-type';

// A retrieved passage as a reader sees it: paragraphs of sentences, lists, tables and code, each a
// possible answer. A list, a table or a code block is quoted whole (up to a limit), never cut
// mid-way, and a sentence that announces it ("the rules below:", "as follows") carries it along.

export type UnitKind = 'sentence' | 'list' | 'table' | 'code';

export interface AnswerUnit {
  kind: UnitKind;
  /** What is shown: the sentence, or the lead-in and the items/rows/code, without Markdown syntax. */
  text: string;
  /** Pieces compared with the question by meaning (the sentence; the lead-in and the first items). */
  parts: string[];
  /** Position in the passage, for quoting in document order. */
  order: number;
  /** A sentence that announces a list, table or code block that is not in this passage. */
  dangling: boolean;
  /** The unit this sentence announces, when it is in the passage. */
  completesWith?: number;
  /** How many of the paragraph's next sentences this one is quoted with (what it announces, in running text). */
  carries?: number;
  /** The list or table this item or row belongs to. */
  partOf?: number;
  /** Sub-heading inside the passage that the unit sits under (context, not answer). */
  heading: string | null;
  /** A table's or a row's column names, when its table has a header row. */
  columns?: string[];
}

const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;
const MAX_PARTS = 6;

/**
 * Inline Markdown removed: emphasis, code spans, links (their text kept; an autolink keeps its address), images, HTML
 * tags; character references read. A code span's text is kept as written: "via a `<style>` tag" lost its tag name
 * when tags were removed from it.
 */
export function plainInline(text: string): string {
  const code: string[] = [];
  // Code spans stand aside under a private-use mark while the rest is read ("[`server.host`](…)" is still a link).
  const prose = text.replace(/[\uE000\uE001]/g, '').replace(/`([^`]*)`/g, (_, span: string) => `\uE000${code.push(span) - 1}\uE001`);
  return plainProse(prose)
    .replace(/\uE000(\d+)\uE001/g, (_, index: string) => code[Number(index)]!)
    .replace(/\s+/g, ' ')
    .trim();
}

function plainProse(text: string): string {
  return (
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      // An autolink is the address itself ("Head to <https://…>."): only real tags go.
      .replace(/<((?:https?|ftp):\/\/[^\s<>]+|mailto:[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>/gi, '$1')
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/\{%[^%]*%\}/g, '')
      .replace(/\*\*|__|~~/g, '')
      .replace(/(^|[\s(])[*_]([^*_]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
      // A character reference ("&ndash;") is read as its character (a code span, above, keeps it literal).
      .replace(/&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi, (match) => decodeHTML(match))
  );
}

function sentencesOf(paragraph: string, language: string | undefined): string[] {
  const out: string[] = [];
  for (const sentence of splitIntoSentences(paragraph, language)) if (/[\p{L}\p{N}]/u.test(sentence)) out.push(sentence);
  return out;
}

type Block =
  | { type: 'paragraph'; text: string; heading: string | null }
  | { type: 'list'; items: { text: string; marker: string }[]; heading: string | null }
  | { type: 'table'; rows: string[][]; heading: string | null }
  | { type: 'code'; text: string; heading: string | null };

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => plainInline(cell.trim()));
}

/** Blocks of a Markdown-ish passage (extracted PDFs, DOCX and HTML are plain paragraphs and lists too). */
function blocksOf(passage: string): Block[] {
  const blocks: Block[] = [];
  let heading: string | null = null;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', text: plainInline(paragraph.join(' ')), heading });
    paragraph = [];
  };
  const lines = passage.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (FENCE.test(trimmed)) {
      flush();
      const { code, close } = fencedCode(lines, index);
      index = close;
      blocks.push({ type: 'code', text: code.join('\n').trim(), heading });
      continue;
    }
    if (!trimmed || /^(---|\*\*\*|===)+$/.test(trimmed) || /^:::/.test(trimmed)) {
      flush();
      continue;
    }
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(trimmed);
    if (headingMatch) {
      flush();
      heading = plainInline(headingMatch[1]!);
      continue;
    }
    if (trimmed.startsWith('|')) {
      flush();
      const rows: string[][] = [];
      for (; index < lines.length && lines[index]!.trim().startsWith('|'); index += 1) {
        if (!TABLE_RULE.test(lines[index]!.trim())) rows.push(cells(lines[index]!));
      }
      index -= 1;
      if (rows.length) blocks.push({ type: 'table', rows, heading });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      const list = readList(lines, index, plainInline);
      index = list.end - 1;
      blocks.push({ type: 'list', items: list.items, heading });
      continue;
    }
    paragraph.push(trimmed.replace(/^>\s?/, ''));
  }
  flush();
  return blocks;
}

function tableText(rows: string[][]): { text: string; rowTexts: string[]; columns?: string[] } {
  const [header, ...body] = rows;
  // The first row names the columns when rows follow it.
  const names = body.length ? header : undefined;
  const labelled = (row: string[]) => (names ? row.map((cell, column) => (names[column] ? `${names[column]}: ${cell}` : cell)).join('; ') : row.join('; '));
  const rowTexts = (body.length ? body : rows).map(labelled);
  return { text: rowTexts.join('\n'), rowTexts, columns: names?.filter(Boolean) };
}

/** The sentences from the start of `sentences` that fit in `room` characters. */
function fitting(sentences: string[], room: number): string[] {
  const taken: string[] = [];
  for (const sentence of sentences) {
    if (sentence.length + 1 > room) break;
    taken.push(sentence);
    room -= sentence.length + 1;
  }
  return taken;
}

/**
 * The answer units of a passage, in order. Lists, tables and code blocks are units of their own
 * (up to `maxChars`; a longer one says how many items it leaves out rather than stopping silently),
 * and so is each list item and table row; a sentence that points forward is linked to the block
 * that follows it, or marked dangling when the passage ends first.
 */
export function answerUnits(passage: string, maxChars = 1200, language?: string): AnswerUnit[] {
  const units: AnswerUnit[] = [];
  const blocks = blocksOf(passage);
  blocks.forEach((block, blockIndex) => {
    const next = blocks[blockIndex + 1];
    if (block.type === 'paragraph') {
      const sentences = sentencesOf(block.text, language);
      sentences.forEach((sentence, position) => {
        const last = position === sentences.length - 1;
        const points = pointsForward(sentence);
        const forward = points && (last || /:\s*$/.test(sentence));
        const announces = forward && last && next !== undefined && next.type !== 'paragraph';
        // What a sentence announces may be the rest of its paragraph: a page that lost its list markup ("…if you meet all
        // of the requirements listed below. All of these must be true. You: Are enrolled at least three-quarter time…").
        const carried = points && !last ? fitting(sentences.slice(position + 1), maxChars - sentence.length) : [];
        const quoted = [sentence, ...carried];
        units.push({
          kind: 'sentence',
          text: quoted.join(' '),
          parts: quoted.slice(0, MAX_PARTS),
          order: units.length,
          dangling: (forward && !announces && carried.length === 0) || refersElsewhere(sentence),
          heading: block.heading,
          ...(carried.length ? { carries: carried.length } : {}),
        });
        if (announces) units.at(-1)!.completesWith = units.length;
      });
      return;
    }
    const previous = units.at(-1);
    const leadIn = previous?.completesWith === units.length ? previous.text : null;
    if (block.type === 'list') {
      const shown: string[] = [];
      let length = leadIn?.length ?? 0;
      for (const entry of block.items) {
        const line = `${entry.marker} ${entry.text}`;
        if (shown.length && length + line.length > maxChars) break;
        shown.push(line);
        length += line.length + 1;
      }
      const left = block.items.length - shown.length;
      if (left > 0) shown.push(moreItemsLine(left));
      const text = [leadIn, ...shown].filter(Boolean).join('\n');
      const list = units.length;
      units.push({
        kind: 'list',
        text,
        parts: [...(leadIn ? [leadIn] : []), ...block.items.slice(0, MAX_PARTS).map((entry) => entry.text)],
        order: list,
        dangling: false,
        heading: block.heading,
      });
      for (const entry of block.items)
        units.push({
          kind: 'sentence',
          text: entry.text,
          parts: [entry.text],
          order: units.length,
          dangling: pointsForward(entry.text) || refersElsewhere(entry.text),
          heading: block.heading,
          partOf: list,
        });
      return;
    }
    if (block.type === 'table') {
      const { text, rowTexts, columns } = tableText(block.rows);
      const whole = [leadIn, text].filter(Boolean).join('\n');
      const table = whole.length <= maxChars ? units.length : undefined;
      if (table !== undefined)
        units.push({
          kind: 'table',
          text: whole,
          parts: [...(leadIn ? [leadIn] : []), ...rowTexts.slice(0, MAX_PARTS)],
          order: table,
          dangling: false,
          heading: block.heading,
          columns,
        });
      for (const row of rowTexts)
        units.push({ kind: 'table', text: row, parts: [row], order: units.length, dangling: false, heading: block.heading, partOf: table, columns });
      return;
    }
    if (block.text && block.text.length <= maxChars) {
      units.push({
        kind: 'code',
        text: [leadIn, block.text].filter(Boolean).join('\n'),
        parts: leadIn ? [leadIn] : [block.text.slice(0, 300)],
        order: units.length,
        dangling: false,
        heading: block.heading,
      });
    }
  });
  return units;
}

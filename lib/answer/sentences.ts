import { splitIntoSentences } from '../text/sentences';
// Passages are Markdown-ish text (headings, lists, tables); the extractive answerer works on
// sentences as a reader would see them.

function cleanLine(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  if (/^#{1,6}\s/.test(trimmed)) return null; // headings are context, not answers
  if (/^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(trimmed)) return null; // table rule
  if (/^[=-]{3,}$/.test(trimmed) || /^```/.test(trimmed)) return null;
  let text = trimmed;
  if (text.startsWith('|')) {
    text = text
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim())
      .filter(Boolean)
      .join(' — ');
  }
  text = text
    .replace(/^>\s?/, '')
    .replace(/^([-*+]|\d+[.)])\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(])[*_]([^*_]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  return text.trim() || null;
}

/** Sentences of a passage, list items and table rows counted as sentences of their own. */
export function splitSentences(passage: string): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    out.push(...splitIntoSentences(paragraph.join(' ')));
    paragraph = [];
  };
  for (const line of passage.split('\n')) {
    const isItem = /^\s*([-*+]|\d+[.)]|\|)\s*/.test(line);
    const cleaned = cleanLine(line);
    if (cleaned === null) {
      flush();
      continue;
    }
    if (isItem) {
      flush();
      out.push(cleaned);
    } else {
      paragraph.push(cleaned);
    }
  }
  flush();
  return out.filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

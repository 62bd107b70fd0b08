import { assemble, type ExtractedDocument, type FileType, type TextBlock } from '../extracted-document';

const ATX = /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

function frontMatter(source: string): { body: string; title: string | null } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!match) return { body: source, title: null };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1]!)?.[1] ?? null;
  return { body: source.slice(match[0].length), title };
}

/**
 * Splits Markdown into sections by ATX and setext headings (outside fenced code), each carrying
 * its heading path, so chunks can cite "Time off › Carry-over".
 */
export function markdownBlocks(source: string): { blocks: Omit<TextBlock, 'start'>[]; firstHeading: string | null } {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Omit<TextBlock, 'start'>[] = [];
  const path: { level: number; text: string }[] = [];
  let current: string[] = [];
  let headingOnly = true;
  let carried = '';
  let inFence: string | null = null;
  let firstHeading: string | null = null;

  const flush = () => {
    const text = current.join('\n').trim();
    current = [];
    if (!text) return;
    if (headingOnly) {
      // A heading with no text of its own ("## Vacation" right before "### Allowance") is kept
      // with the section that follows rather than becoming a chunk of one line.
      carried = carried ? `${carried}\n\n${text}` : text;
      return;
    }
    blocks.push({ text: carried ? `${carried}\n\n${text}` : text, page: null, headingPath: path.map((entry) => entry.text) });
    carried = '';
    headingOnly = true;
  };
  const openHeading = (level: number, text: string, line: string) => {
    flush();
    while (path.length && path[path.length - 1]!.level >= level) path.pop();
    path.push({ level, text });
    firstHeading ??= text;
    // The heading line stays in the section text: it is part of what a reader sees and searches.
    current.push(line);
    headingOnly = true;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const fence = FENCE.exec(line);
    if (fence) {
      if (inFence === null) inFence = fence[1]!;
      else if (fence[1] === inFence) inFence = null;
      current.push(line);
      headingOnly = false;
      continue;
    }
    if (inFence !== null) {
      current.push(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      openHeading(atx[1]!.length, atx[2]!.trim(), line);
      continue;
    }
    const next = lines[index + 1];
    if (line.trim() && next !== undefined && SETEXT.test(next) && !/^\s*[-*+]\s/.test(line)) {
      const previousBlank = index === 0 || !lines[index - 1]!.trim();
      if (previousBlank) {
        openHeading(next.trim().startsWith('=') ? 1 : 2, line.trim(), `${line}\n${next}`);
        index += 1;
        continue;
      }
    }
    current.push(line);
    if (line.trim()) headingOnly = false;
  }
  headingOnly = false;
  flush();
  return { blocks, firstHeading };
}

export function extractMarkdown(source: string, fileType: FileType = 'markdown'): ExtractedDocument {
  const { body, title: metaTitle } = frontMatter(source);
  const { blocks, firstHeading } = markdownBlocks(body);
  return assemble(fileType, blocks, { title: metaTitle ?? firstHeading, author: null, pageCount: null });
}

import MarkdownIt, { type Token } from 'markdown-it';

// Markdown and HTML documents are indexed as Markdown (see ingest/extractors), so a quoted passage
// can carry `**`, `##`, link syntax and table pipes. This turns one into the text a reader would
// see, for the places that show a passage as text (citations, escalations). Runs in the browser
// too: it builds strings only, never HTML.

const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Extensions whose indexed text is Markdown: Markdown itself, and HTML and DOCX converted to it. */
const MARKDOWN_STORED = /\.(md|markdown|mdx|html?|xhtml|docx)$/i;

export function isMarkdownStored(path: string): boolean {
  return MARKDOWN_STORED.test(path);
}

const TABLE_ROW = /^\s*\|(.*)\|?\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * A passage cut out of a document may start inside a table (no header row, so not parsed as one)
 * or split an emphasis pair; those leftovers are tidied line by line.
 */
function tidy(text: string): string {
  return text
    .split('\n')
    .filter((line) => !TABLE_RULE.test(line))
    .map((line) => {
      const row = TABLE_ROW.exec(line);
      const cells = row
        ? row[1]!
            .split('|')
            .map((cell) => cell.trim())
            .filter(Boolean)
        : null;
      return (cells ? cells.join(' — ') : line).replace(/\*\*|~~/g, '');
    })
    .join('\n');
}

function inlineText(tokens: Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text') text += token.content;
    else if (token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += '\n';
    else if (token.type === 'image') text += inlineText(token.children ?? []);
  }
  return text;
}

/** A Markdown passage as readable text: no emphasis or heading marks, links as their text, tables as cells, list items as bullets. */
export function markdownToPlainText(markdown: string): string {
  const tokens = parser.parse(markdown, {});
  const lists: { ordered: boolean; next: number }[] = [];
  const blocks: string[] = [];
  let line = '';
  let cells: string[] | null = null;
  const endBlock = () => {
    if (line.trim()) blocks.push(line.trimEnd());
    line = '';
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        endBlock();
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        endBlock();
        lists.pop();
        break;
      case 'list_item_open': {
        endBlock();
        const list = lists.at(-1)!;
        line = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.next++}. ` : '• '}`;
        break;
      }
      case 'tr_open':
        cells = [];
        break;
      case 'tr_close':
        blocks.push(cells!.filter(Boolean).join(' — '));
        cells = null;
        break;
      case 'inline':
        if (cells) cells.push(tidy(inlineText(token.children ?? [])).trim());
        else line += tidy(inlineText(token.children ?? []));
        break;
      case 'fence':
      case 'code_block':
        endBlock();
        blocks.push(token.content.replace(/\n$/, ''));
        break;
      case 'heading_close':
      case 'paragraph_close':
        // A paragraph inside a tight list item belongs on the bullet's line.
        if (!token.hidden) endBlock();
        break;
      default:
        break;
    }
  }
  endBlock();
  return blocks.join('\n').trim();
}

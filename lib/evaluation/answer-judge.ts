import { foldText } from '../text/fold';
import { tokenize } from '../text/tokenize';

// How an answer is judged against the text it should contain: the share of a gold span's content
// words it holds (doc2dial), and whether it contains a verbatim piece of evidence (docs-qa, the
// handbook set), both ignoring Markdown syntax, case and punctuation.

/** Text without Markdown syntax: what a reader sees. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*([-*+]|\d+[.)])\s+/gm, '')
    .replace(/\*\*|__|~~/g, '')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\|/g, ' ');
}

function normalise(text: string): string {
  return foldText(markdownToText(text));
}

/** Share of the span's distinct content words (stemmed, stop words removed) that the answer holds. */
export function spanRecall(span: string, answer: string): number {
  const wanted = new Set(tokenize(markdownToText(span)));
  if (wanted.size === 0) return 0;
  const present = new Set(tokenize(markdownToText(answer)));
  let found = 0;
  for (const term of wanted) if (present.has(term)) found += 1;
  return found / wanted.size;
}

/**
 * Whether the answer contains the evidence, as text (Markdown, case and punctuation aside). A table
 * row's pipes are Markdown too: quoted as a row, its cells may stand with their column headers
 * ("Date: October 17, 2025; Item: …"), so each cell must be there, in order.
 */
export function containsEvidence(answer: string, evidence: string): boolean {
  const haystack = ` ${normalise(answer)} `;
  const cells = evidence.includes('|') ? evidence.split('|').map(normalise).filter(Boolean) : [normalise(evidence)];
  let from = 0;
  for (const cell of cells) {
    const at = haystack.indexOf(` ${cell} `, from);
    if (!cell || at < 0) return false;
    from = at + cell.length;
  }
  return cells.length > 0;
}

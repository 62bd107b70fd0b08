import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';
import { assemble, type ExtractedDocument, type FileType } from '../extracted-document';
import { markdownBlocks } from './markdown';
import { decodeText } from './text';

const BOILERPLATE =
  'script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]';

function toMarkdown(html: string): string {
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  // Links and images add URLs, not meaning, to the text that is searched and quoted.
  turndown.addRule('plainLinks', { filter: 'a', replacement: (content) => content });
  turndown.remove(['img', 'picture', 'video', 'audio', 'script', 'style']);
  return turndown.turndown(html);
}

function parse(html: string) {
  return parseHTML(html).document;
}

/** The page without navigation, banners, footers and scripts, before any other heuristics. */
function withoutBoilerplate(html: string): Document {
  const document = parse(html);
  for (const element of Array.from(document.querySelectorAll(BOILERPLATE))) element.remove();
  return document;
}

/**
 * HTML: Readability keeps the article and drops navigation, banners and footers; what is left
 * becomes Markdown so headings give the same section structure as a Markdown file.
 */
export function htmlToDocument(html: string, fileType: FileType = 'html', options: { readability?: boolean } = {}): ExtractedDocument {
  const original = parse(html);
  const pageTitle = original.querySelector('title')?.textContent?.trim() || null;
  const firstHeading = original.querySelector('h1')?.textContent?.trim() || null;

  let contentHtml: string | null = null;
  if (options.readability !== false)
    try {
      const candidate = withoutBoilerplate(html);
      const article = new Readability(candidate, { charThreshold: 100, keepClasses: false }).parse();
      if (article?.content && (article.textContent ?? '').trim().length >= 40) contentHtml = article.content;
    } catch {
      // Readability gives up on some unusual markup; the plain fallback below still yields text.
      contentHtml = null;
    }
  if (contentHtml === null) {
    const fallback = withoutBoilerplate(html);
    contentHtml = fallback.querySelector('main')?.innerHTML ?? fallback.querySelector('body')?.innerHTML ?? fallback.documentElement?.innerHTML ?? '';
  }
  const markdown = toMarkdown(contentHtml);
  const { blocks, firstHeading: firstMarkdownHeading } = markdownBlocks(markdown);
  return assemble(fileType, blocks, { title: pageTitle ?? firstHeading ?? firstMarkdownHeading, author: null, pageCount: null });
}

export function extractHtml(buffer: Buffer): ExtractedDocument {
  return htmlToDocument(decodeText(buffer, 'HTML file'));
}

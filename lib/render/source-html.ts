import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// The source viewer shows a document as formatted text. Documents are untrusted and the app's
// Content-Security-Policy allows inline script (Next needs it), so everything shown passes
// through an allow-list sanitiser on the server: the browser only ever receives safe markup.

/** How the viewer lays the text out: Markdown rendered to HTML, or plain text with its line breaks. */
export type SourceFormat = 'markdown' | 'plain';

/** Markdown, and HTML and DOCX (converted to Markdown when indexed), render as Markdown. */
const MARKDOWN_TYPES = new Set(['markdown', 'html', 'docx']);

// `html: false`: markup typed into a Markdown file (or left as text by the HTML conversion) is
// shown as text, never parsed. Links with javascript:, vbscript:, file: or data: stay text too.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
// Images would load from wherever the document points; their alt text says what they were.
markdown.renderer.rules.image = (tokens, index, options, env, renderer) =>
  markdown.utils.escapeHtml(renderer.renderInlineAsText(tokens[index]!.children ?? [], options, env));

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'mark',
    'span',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Dropped with everything inside: their content is code, styling or a foreign document, not text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'head'],
  transformTags: {
    // Only absolute web and mail links survive (a relative one would resolve inside Docent), and
    // none passes on the viewer's address or a handle to its window.
    a: (_tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href?.trim() ?? '';
      return { tagName: 'a', attribs: SAFE_LINK.test(href) ? { href, rel: 'noopener noreferrer nofollow', target: '_blank' } : {} };
    },
  },
};

/** Untrusted HTML reduced to text-formatting markup: no script, handlers, styles, frames, forms or remote loads. */
export function sanitizeDocumentHtml(html: string): string {
  return sanitizeHtml(html, POLICY);
}

export function sourceFormat(fileType: string | null): SourceFormat {
  return MARKDOWN_TYPES.has(fileType ?? '') ? 'markdown' : 'plain';
}

/** A document's indexed text as safe HTML for the viewer (plain text is escaped, and laid out with its line breaks). */
export function renderSource(text: string, fileType: string | null): { html: string; format: SourceFormat } {
  const format = sourceFormat(fileType);
  const html = format === 'markdown' ? markdown.render(text) : markdown.utils.escapeHtml(text);
  return { html: sanitizeDocumentHtml(html), format };
}

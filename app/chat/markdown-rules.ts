// What an answer's Markdown may link to, and how its [n] markers reach the citation cards. Answers
// repeat what documents say, and documents are written by anyone who can drop a file in the
// watched folder: so the rules are allowlists, and they work on the Markdown syntax tree, never on HTML.

const SAFE_PROTOCOLS = new Set(['http', 'https', 'mailto']);

/**
 * The URL unchanged when it is http(s), mailto, a relative path or a #fragment; '' otherwise.
 * react-markdown's default also lets irc: and xmpp: through, which no answer needs.
 */
export function safeUrl(url: string): string {
  const colon = url.indexOf(':');
  const firstDelimiter = Math.min(...['/', '?', '#'].map((delimiter) => url.indexOf(delimiter)).filter((index) => index >= 0), Infinity);
  // No scheme before the first path, query or fragment delimiter: the browser reads it as relative.
  if (colon < 0 || colon > firstDelimiter) return url;
  return SAFE_PROTOCOLS.has(url.slice(0, colon).toLowerCase()) ? url : '';
}

/** Absolute web links leave the app; everything else (paths, fragments, mailto) stays in it. */
export function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/** What a message's citation cards' ids start with (CitationList's idPrefix); card n's id ends in n. */
export function citationPrefix(messageId: string): string {
  return `cite-${messageId}-`;
}

/** Whether a link points at a citation card (the ones remarkCitationLinks makes). */
export function isCitationHref(href: string): boolean {
  return href.startsWith('#cite-');
}

// Just the mdast shapes the plugin reads or writes; the types come with remark, not from this app's own dependencies.
interface MdText {
  type: 'text';
  value: string;
}
interface MdLink {
  type: 'link';
  url: string;
  children: MdText[];
  data: { hProperties: Record<string, string> };
}
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

// Inside these, "[2]" is either already a link or code, and must stay as written.
const OPAQUE = new Set(['link', 'linkReference', 'definition', 'code', 'inlineCode', 'html', 'image', 'imageReference']);

const MARKER = /\[(\d{1,3})\]/g;

function splitMarkers(text: string, cited: ReadonlySet<number>, prefix: string): (MdText | MdLink)[] | null {
  const parts: (MdText | MdLink)[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const n = Number(match[1]);
    if (!cited.has(n)) continue;
    if (match.index > last) parts.push({ type: 'text', value: text.slice(last, match.index) });
    parts.push({
      type: 'link',
      url: `#${prefix}${n}`,
      children: [{ type: 'text', value: match[0] }],
      data: { hProperties: { ariaLabel: `Source ${n}`, className: 'citation-ref' } },
    });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return null;
  if (last < text.length) parts.push({ type: 'text', value: text.slice(last) });
  return parts;
}

function linkMarkers(node: MdNode, cited: ReadonlySet<number>, prefix: string): void {
  if (!node.children || OPAQUE.has(node.type)) return;
  const children: MdNode[] = [];
  for (const child of node.children) {
    const parts = child.type === 'text' ? splitMarkers(child.value ?? '', cited, prefix) : null;
    if (parts) children.push(...parts);
    else {
      linkMarkers(child, cited, prefix);
      children.push(child);
    }
  }
  node.children = children;
}

/**
 * A remark plugin: each "[n]" in the answer's text, where n is one of the message's citations,
 * becomes a link to that citation's card; any other bracketed number stays text.
 */
export function remarkCitationLinks(options: { cited: readonly number[]; prefix: string }) {
  const cited = new Set(options.cited);
  return (tree: MdNode) => {
    if (cited.size > 0) linkMarkers(tree, cited, options.prefix);
  };
}

'use client';

import { type ComponentProps, type MouseEvent, useRef } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { COPY_LABEL, useCopy } from '../_client/use-copy';
import { citationPrefix, isCitationHref, isExternal, remarkCitationLinks, safeUrl } from './markdown-rules';

// An answer or a reviewer's reply as Markdown: models write lists, tables and code, and raw they
// read as noise. What they write often repeats documents, so nothing in it may run or phone home:
// raw HTML is turned into plain text by react-markdown (its default; `skipHtml` would silently
// drop it, hiding what the document said), URLs pass an allowlist, and images are never fetched.

function focusCitation(event: MouseEvent<HTMLAnchorElement>, id: string): void {
  const card = document.getElementById(id);
  if (!card) return;
  // Handled here rather than by the browser: a hash in the address would outlive the conversation
  // it points into, and following a fragment moves the scroll position but not the keyboard focus.
  event.preventDefault();
  card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  card.focus({ preventScroll: true });
}

// `rest` holds only what remark-rehype puts on a link (title, footnote ids, ARIA): raw HTML never
// becomes an element, so no event handler can be among them.
function Link({ href, children, node: _node, ...rest }: ComponentProps<'a'> & ExtraProps) {
  // safeUrl emptied it: the text stays, the link goes.
  if (!href) return <span>{children}</span>;
  if (isCitationHref(href)) {
    const id = href.slice(1);
    return (
      <a {...rest} href={href} onClick={(event) => focusCitation(event, id)}>
        {children}
      </a>
    );
  }
  if (isExternal(href)) {
    return (
      <a {...rest} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  }
  return (
    <a {...rest} href={href}>
      {children}
    </a>
  );
}

/** An image is shown as its description: fetching it would tell its host who reads the answer, and when. */
function Image({ alt }: ComponentProps<'img'> & ExtraProps) {
  return alt ? <span className="md-image-alt">[image: {alt}]</span> : null;
}

function CodeBlock({ children, node: _node, ...rest }: ComponentProps<'pre'> & ExtraProps) {
  const pre = useRef<HTMLPreElement>(null);
  const { state, copy } = useCopy();
  return (
    <div className="code-block">
      <button
        type="button"
        className="copy-code"
        onClick={() => void copy(pre.current?.textContent ?? '')}
        aria-label={state === 'idle' ? 'Copy code' : undefined}
      >
        {COPY_LABEL[state]}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Code copied to the clipboard' : state === 'failed' ? 'The code could not be copied' : ''}
      </span>
      <pre {...rest} ref={pre}>
        {children}
      </pre>
    </div>
  );
}

function Table({ node: _node, ...rest }: ComponentProps<'table'> & ExtraProps) {
  // Wide tables scroll in their own box instead of widening the thread on a phone.
  return (
    <div className="md-table">
      <table {...rest} />
    </div>
  );
}

const COMPONENTS: Components = { a: Link, img: Image, pre: CodeBlock, table: Table };

/**
 * `messageId` and `cited` let each "[n]" link to the citation card of this message (see
 * CitationList's idPrefix); a number that is not one of its citations stays plain text.
 */
export function AnswerMarkdown({ text, messageId, cited }: { text: string; messageId: string; cited: readonly number[] }) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm, [remarkCitationLinks, { cited, prefix: citationPrefix(messageId) }]]}
      // GFM footnotes get ids: per message, or two answers' footnotes would share them.
      remarkRehypeOptions={{ clobberPrefix: `${messageId}-`, footnoteLabelProperties: { className: ['visually-hidden'] } }}
      urlTransform={safeUrl}
      components={COMPONENTS}
    >
      {text}
    </Markdown>
  );
}

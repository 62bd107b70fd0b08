'use client';

import { useEffect, useRef, useState } from 'react';
import type { DocumentView } from '@/lib/web/documents';
import { type HighlightKind, highlightPassage } from '@/lib/render/highlight';

/**
 * A document as formatted text with the cited sentences marked. The HTML comes from the server,
 * which renders the indexed text and passes it through an allow-list sanitiser; marking only
 * wraps text already on the page.
 */
export function SourceViewer({ id, start, end, quote }: { id: string; start: number; end: number; quote: string | null }) {
  const [view, setView] = useState<DocumentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [marked, setMarked] = useState<HighlightKind | null>(null);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void fetch(`/api/documents/${encodeURIComponent(id)}`).then(async (response) => {
      const result = (await response.json()) as DocumentView & { error?: { message: string } };
      if (!response.ok) setError(result.error?.message ?? `The server answered ${response.status}.`);
      else setView(result);
    });
  }, [id]);

  useEffect(() => {
    const root = body.current;
    if (!view || !root) return;
    // Marks are added once; a second run of the effect (React's strict mode) finds them there.
    if (!root.querySelector('mark')) {
      const chunk = start >= 0 && end > start && end <= view.text.length ? view.text.slice(start, end) : null;
      setMarked(highlightPassage(root, { quote, chunk, markdown: view.format === 'markdown' }));
    }
    root.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }, [view, start, end, quote]);

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!view) return <p className="muted">Loading…</p>;
  const cited = quote !== null || start >= 0;
  return (
    <article>
      <h1>{view.title ?? view.path}</h1>
      <p className="muted small">
        {view.path} · {view.fileType} ·{' '}
        <a href={`/api/documents/${view.id}/source`} rel="noopener noreferrer">
          download the original
        </a>
      </p>
      {cited && marked === 'chunk' && quote ? (
        <p className="small muted">The quoted sentences were not found word for word; the cited passage is marked.</p>
      ) : null}
      {cited && marked === null ? <p className="small muted">The cited passage is no longer in this document.</p> : null}
      <div
        ref={body}
        className={`source-text ${view.format}`}
        data-marked={marked ?? 'none'}
        // Sanitised on the server (lib/render/source-html.ts): no script, handlers, styles, frames or remote loads.
        dangerouslySetInnerHTML={{ __html: view.html }}
      />
    </article>
  );
}

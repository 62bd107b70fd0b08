'use client';

import { useEffect, useRef, useState } from 'react';

interface DocumentView {
  id: string;
  path: string;
  title: string | null;
  fileType: string | null;
  text: string;
}

/** A document's indexed text with the cited passage marked; rendered as text, never as HTML. */
export function SourceViewer({ id, start, end }: { id: string; start: number; end: number }) {
  const [view, setView] = useState<DocumentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mark = useRef<HTMLElement>(null);

  useEffect(() => {
    void fetch(`/api/documents/${encodeURIComponent(id)}`).then(async (response) => {
      const body = (await response.json()) as DocumentView & { error?: { message: string } };
      if (!response.ok) setError(body.error?.message ?? `The server answered ${response.status}.`);
      else setView(body);
    });
  }, [id]);

  useEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [view]);

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!view) return <p className="muted">Loading…</p>;
  const hasPassage = start >= 0 && end > start && end <= view.text.length;
  return (
    <article>
      <h1>{view.title ?? view.path}</h1>
      <p className="muted small">
        {view.path} · {view.fileType} ·{' '}
        <a href={`/api/documents/${view.id}/source`} rel="noopener noreferrer">
          download the original
        </a>
      </p>
      <div className="source-text">
        {hasPassage ? (
          <>
            {view.text.slice(0, start)}
            <mark ref={mark}>{view.text.slice(start, end)}</mark>
            {view.text.slice(end)}
          </>
        ) : (
          view.text
        )}
      </div>
    </article>
  );
}

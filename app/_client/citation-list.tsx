import type { Citation } from '@/lib/answer/events';
import { displayQuote, sourceLink, where } from './citations';
import { languageName } from './format';

/**
 * Numbered passages with where they come from and a link to the source. The passage is shown as
 * readable text (Markdown syntax removed) and, like everything from documents, as React text.
 * With `idPrefix`, card n gets the id `${idPrefix}n`, for an answer's "[n]" to link to and focus.
 */
export function CitationList({
  citations,
  label,
  showLabel = true,
  idPrefix,
}: {
  citations: Citation[];
  label: string;
  showLabel?: boolean;
  idPrefix?: string;
}) {
  if (citations.length === 0) return null;
  return (
    <>
      {showLabel ? <p className="citations-label small muted">{label}</p> : null}
      <ol className="citations" aria-label={label}>
        {citations.map((citation) => {
          const link = sourceLink(citation);
          return (
            <li
              key={`${citation.n}-${citation.chunkId}`}
              className="citation"
              id={idPrefix === undefined ? undefined : `${idPrefix}${citation.n}`}
              tabIndex={idPrefix === undefined ? undefined : -1}
            >
              <div className="where">
                [{citation.n}] {where(citation)}
                {citation.lowConfidence ? <span className="badge warn"> low-confidence OCR</span> : null}
                {citation.language ? (
                  <span className="badge" title={`Written in ${languageName(citation.language)}`}>
                    {' '}
                    {citation.language.toUpperCase()}
                  </span>
                ) : null}
              </div>
              {/* lang lets screen readers and hyphenation read the quote in its own language. */}
              <blockquote lang={citation.language}>{displayQuote(citation)}</blockquote>
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer" className="small">
                  Open the source
                </a>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

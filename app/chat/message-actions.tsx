'use client';

import { COPY_LABEL, useCopy } from '../_client/use-copy';

/** Copy an answer; ask the last question again; edit the last question. Each only where it applies. */
export function MessageActions({ text, onRegenerate, onEdit }: { text: string; onRegenerate?: () => void; onEdit?: () => void }) {
  const { state: copied, copy } = useCopy();
  return (
    <div className="message-actions">
      {text ? (
        <button type="button" className="button small" onClick={() => void copy(text)}>
          {COPY_LABEL[copied]}
        </button>
      ) : null}
      {onRegenerate ? (
        <button type="button" className="button small" onClick={onRegenerate}>
          Ask again
        </button>
      ) : null}
      {onEdit ? (
        <button type="button" className="button small" onClick={onEdit}>
          Edit
        </button>
      ) : null}
      <span className="visually-hidden" role="status">
        {copied === 'copied' ? 'Copied to the clipboard' : copied === 'failed' ? 'Could not copy' : ''}
      </span>
    </div>
  );
}

'use client';

import { useState } from 'react';

/** Copy an answer; ask the last question again; edit the last question. Each only where it applies. */
export function MessageActions({ text, onRegenerate, onEdit }: { text: string; onRegenerate?: () => void; onEdit?: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('done');
    } catch {
      // Clipboard access refused (an insecure origin, or a denied permission): say so, do not pretend.
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <div className="message-actions">
      {text ? (
        <button type="button" className="button small" onClick={() => void copy()}>
          {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
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
        {copied === 'done' ? 'Copied to the clipboard' : copied === 'failed' ? 'Could not copy' : ''}
      </span>
    </div>
  );
}

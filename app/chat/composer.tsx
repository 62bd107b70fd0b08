'use client';

import type { FormEvent, KeyboardEvent, ReactNode, RefObject } from 'react';

let preparedAt = 0;

/** The server loads its embedding model while the question is typed (it retires an idle one after a few minutes). */
function prepareAnswering(): void {
  if (Date.now() - preparedAt < 60_000) return;
  preparedAt = Date.now();
  // Only a head start: if it fails, the question itself loads the model and reports any error.
  void fetch('/api/chat/prepare', { method: 'POST' }).catch(() => undefined);
}

interface Props {
  question: string;
  onChange: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  busy: boolean;
  /** Set while the last question is being edited: sending replaces it. */
  editing: boolean;
  onCancelEdit: () => void;
  input: RefObject<HTMLTextAreaElement | null>;
  /** Controls shown above the question box (the language filter). */
  children?: ReactNode;
}

/**
 * The question box. It stays editable while an answer streams (the next question can be typed),
 * Enter sends, Shift+Enter breaks the line; while answering, the button stops the answer (so does Esc).
 */
export function Composer({ question, onChange, onSend, onStop, busy, editing, onCancelEdit, input, children }: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) onStop();
    else onSend();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (!busy) onSend();
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      {children}
      {editing ? (
        <p className="editing small" role="status">
          Editing your last question: sending replaces it and its answer.{' '}
          <button type="button" className="link-button" onClick={onCancelEdit}>
            Cancel
          </button>
        </p>
      ) : null}
      <label htmlFor="question" className="visually-hidden">
        Your question
      </label>
      <textarea
        id="question"
        ref={input}
        value={question}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onFocus={prepareAnswering}
        placeholder="Ask a question (Enter to send, Shift+Enter for a new line)"
        maxLength={2000}
      />
      {busy ? (
        <button className="button" type="submit" aria-keyshortcuts="Escape">
          Stop
        </button>
      ) : (
        <button className="button primary" type="submit" disabled={!question.trim()}>
          {editing ? 'Send edit' : 'Ask'}
        </button>
      )}
    </form>
  );
}

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormActions } from '../_client/form-actions';

export type ReviewBody =
  { action: 'approve' } | { action: 'edit'; content: string } | { action: 'write'; content: string } | { action: 'reject'; reason: string };
export type Mode = null | 'edit' | 'write' | 'reject';

/** The form for editing the draft, writing an answer, or giving the reason for a rejection. */
export function ReviewEditor({
  mode,
  escalationId,
  initial,
  busy,
  onSubmit,
  onCancel,
}: {
  mode: Exclude<Mode, null>;
  escalationId: string;
  initial: string;
  busy: boolean;
  onSubmit: (body: ReviewBody) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const id = `${mode}-${escalationId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setInvalid(true);
      field.current?.focus();
      return;
    }
    onSubmit(mode === 'reject' ? { action: 'reject', reason: value } : { action: mode, content: value });
  };
  const label = mode === 'reject' ? 'Why it cannot be answered (everyone who asked sees this)' : mode === 'edit' ? 'The answer, edited' : 'Your answer';
  const submitText = mode === 'reject' ? 'Reject' : mode === 'edit' ? 'Approve the edited answer' : 'Send the answer';
  return (
    <form className="editor" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={field}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setInvalid(false);
        }}
        rows={mode === 'reject' ? 3 : 10}
        maxLength={mode === 'reject' ? 2000 : 20_000}
        required
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        data-testid={mode === 'reject' ? 'reject-reason' : 'answer-editor'}
      />
      {invalid ? (
        <p id={`${id}-error`} className="error small">
          {mode === 'reject' ? 'A rejection needs a reason.' : 'The answer is empty.'}
        </p>
      ) : null}
      {mode !== 'reject' ? <p className="small muted">The answer is sent to everyone who asked and kept as a curated answer for the same question.</p> : null}
      <FormActions busy={busy} label={submitText} tone={mode === 'reject' ? 'danger' : 'primary'} testId="submit-review" onCancel={onCancel} />
    </form>
  );
}

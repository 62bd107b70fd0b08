import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormActions } from '../_client/form-actions';

export type VerdictBody = { verdict: 'right' } | { verdict: 'wrong'; correction?: string; note?: string };

/** Marks a sampled answer wrong, with the right answer for the asker and a note, both optional. */
export function WrongAnswerForm({
  checkId,
  busy,
  onSubmit,
  onCancel,
}: {
  checkId: string;
  busy: boolean;
  onSubmit: (body: VerdictBody) => void;
  onCancel: () => void;
}) {
  const [correction, setCorrection] = useState('');
  const [note, setNote] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The API refuses empty strings: what was left blank is left out.
    onSubmit({ verdict: 'wrong', ...(correction.trim() ? { correction: correction.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form className="editor" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="spot-check-wrong-form">
      <label htmlFor={`correction-${checkId}`}>The right answer (optional)</label>
      <textarea
        id={`correction-${checkId}`}
        ref={field}
        value={correction}
        onChange={(event) => setCorrection(event.target.value)}
        rows={6}
        maxLength={20_000}
        aria-describedby={`correction-${checkId}-help`}
        data-testid="spot-check-correction"
      />
      <p id={`correction-${checkId}-help`} className="small muted">
        A correction is sent to the person who asked and kept as a reviewed answer for the same question.
      </p>
      <label htmlFor={`note-${checkId}`}>Note (optional: what was wrong)</label>
      <textarea id={`note-${checkId}`} value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={2000} data-testid="spot-check-note" />
      <FormActions
        busy={busy}
        label={correction.trim() ? 'Mark wrong and send the correction' : 'Mark wrong'}
        tone="danger"
        testId="spot-check-submit-wrong"
        onCancel={onCancel}
      />
    </form>
  );
}

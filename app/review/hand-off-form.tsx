import { type FormEvent, useEffect, useRef, useState } from 'react';
import { FormActions } from '../_client/form-actions';

/** Picks the space whose owners should answer instead; the item then usually leaves this queue. */
export function HandOffForm({
  escalationId,
  spaces,
  busy,
  onSubmit,
  onCancel,
}: {
  escalationId: string;
  /** The other spaces' names (the current one left out). */
  spaces: string[];
  busy: boolean;
  onSubmit: (space: string) => void;
  onCancel: () => void;
}) {
  const [space, setSpace] = useState(spaces[0] ?? '');
  const field = useRef<HTMLSelectElement>(null);
  useEffect(() => field.current?.focus(), []);
  const id = `handoff-${escalationId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (space) onSubmit(space);
  };
  return (
    <form className="editor" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label htmlFor={id}>Hand to the owners of the space</label>
      <select id={id} ref={field} value={space} onChange={(event) => setSpace(event.target.value)} data-testid="handoff-space">
        {spaces.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <p className="small muted">They answer it from then on; it leaves your queue unless you own that space too.</p>
      <FormActions busy={busy} label="Hand it over" busyLabel="Handing over…" disabled={!space} testId="submit-handoff" onCancel={onCancel} />
    </form>
  );
}

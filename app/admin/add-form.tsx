import { type FormEvent, type ReactNode } from 'react';
import { ErrorText } from '../_client/error-text';
import { useAction } from '../_client/use-action';

/**
 * A form of the admin page that adds something: its fields in a grid, the server's reason when it
 * refuses what was typed (it checks every field; the form only collects them), and the button,
 * which waits while `add` runs so one click adds one. `add` clears the fields once it has added.
 */
export function AddForm({
  title,
  label,
  testId,
  add,
  children,
}: {
  title: string;
  label: string;
  testId: string;
  add: () => Promise<void>;
  children: ReactNode;
}) {
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(add);
  };
  return (
    <form className="add-user" onSubmit={(event) => void submit(event)} data-testid={testId}>
      <h3>{title}</h3>
      <div className="form-grid">{children}</div>
      <ErrorText error={error} next="/admin" />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Adding…' : label}
      </button>
    </form>
  );
}

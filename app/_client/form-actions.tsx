import { ErrorText } from './error-text';

/**
 * A form's submit and Cancel buttons. Both wait while it saves, so a second click cannot send it
 * twice nor close it mid-save. A form that calls the API itself passes its `error` (and the page to
 * come back to after signing in again); the others' owners show it outside.
 */
export function FormActions({
  busy,
  label,
  busyLabel = 'Saving…',
  tone = 'primary',
  disabled = false,
  testId,
  className,
  onCancel,
  ...failure
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  tone?: 'primary' | 'danger';
  /** The submit button only, e.g. while nothing is chosen yet. */
  disabled?: boolean;
  testId?: string;
  className?: string;
  onCancel: () => void;
} & ({ error?: undefined; next?: undefined } | { error: Error | null; next: string })) {
  return (
    <>
      {failure.next === undefined ? null : <ErrorText error={failure.error} next={failure.next} />}
      <div className={className ? `row ${className}` : 'row'}>
        <button type="submit" className={`button ${tone}`} disabled={busy || disabled} data-testid={testId}>
          {busy ? busyLabel : label}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </>
  );
}

import type { HTMLInputAutoCompleteAttribute, ReactNode } from 'react';

/** One labelled text field of the admin forms, with its hint tied to it for screen readers. */
export function TextField({
  id,
  label,
  value,
  onChange,
  hint,
  type = 'text',
  url = false,
  autoComplete = 'off',
  minLength,
  required = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'password';
  /** A web address: type="url" would lose the page's input style, so only the keyboard changes. */
  url?: boolean;
  autoComplete?: HTMLInputAutoCompleteAttribute;
  minLength?: number;
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        inputMode={url ? 'url' : undefined}
        autoComplete={autoComplete}
        required={required}
        minLength={minLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p id={`${id}-hint`} className="small muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

import type { ReactNode } from 'react';

/** One labelled text field of the space forms, with its hint tied to it for screen readers. */
export function SpaceField({
  id,
  label,
  value,
  onChange,
  hint,
  url = false,
  required = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  /** A web address: type="url" would lose the page's input style, so only the keyboard changes. */
  url?: boolean;
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={url ? 'url' : undefined}
        autoComplete="off"
        required={required}
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

/** How readers and owners are written, and what leaving the field empty means. */
const PrincipalsHint = ({ empty }: { empty: string }) => (
  <>Comma separated: user:&lt;email&gt; (or just the email), group:&lt;name&gt;, everyone. Empty {empty}.</>
);

/** Who may read a space and who answers for it, as both space forms ask; `id` names each field. */
export function PrincipalsFields({
  id,
  readers,
  owners,
  onReaders,
  onOwners,
}: {
  id: (field: 'readers' | 'owners') => string;
  readers: string;
  owners: string;
  onReaders: (value: string) => void;
  onOwners: (value: string) => void;
}) {
  return (
    <>
      <SpaceField id={id('readers')} label="Readers" value={readers} onChange={onReaders} hint={<PrincipalsHint empty="inherits the readers around it" />} />
      <SpaceField id={id('owners')} label="Owners" value={owners} onChange={onOwners} hint={<PrincipalsHint empty="inherits the owners around it" />} />
    </>
  );
}

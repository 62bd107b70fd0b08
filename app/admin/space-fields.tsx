import type { SpaceForm } from './space';
import { TextField } from './text-field';

/** How readers, owners and contributors are written, and what leaving the field empty means. */
const PrincipalsHint = ({ empty }: { empty: string }) => (
  <>Comma separated: user:&lt;email&gt; (or just the email), group:&lt;name&gt;, everyone. Empty {empty}.</>
);

/**
 * Who may read a space, who answers for it, who may add documents to it, where its alerts go and whether anyone may ask about it,
 * as both space forms ask; `id` names each field, `webhookHint` says what an empty webhook means there.
 */
export function SpaceAccessFields({
  id,
  form,
  onChange,
  webhookHint,
}: {
  id: (field: 'readers' | 'owners' | 'contributors' | 'webhook') => string;
  form: SpaceForm;
  onChange: (changes: Partial<SpaceForm>) => void;
  webhookHint: string;
}) {
  return (
    <>
      <TextField
        id={id('readers')}
        label="Readers"
        value={form.readers}
        onChange={(readers) => onChange({ readers })}
        hint={<PrincipalsHint empty="inherits the readers around it" />}
      />
      <TextField
        id={id('owners')}
        label="Owners"
        value={form.owners}
        onChange={(owners) => onChange({ owners })}
        hint={<PrincipalsHint empty="inherits the owners around it" />}
      />
      <TextField
        id={id('contributors')}
        label="Contributors"
        value={form.contributors}
        onChange={(contributors) => onChange({ contributors })}
        hint={<PrincipalsHint empty="lets only admins add documents to it from the chat page" />}
      />
      <TextField id={id('webhook')} label="Alert webhook" url value={form.webhook} onChange={(webhook) => onChange({ webhook })} hint={webhookHint} />
      <p>
        <label className="inline-label">
          <input type="checkbox" checked={form.public} onChange={(event) => onChange({ public: event.target.checked })} /> Public: anyone may ask about it
          without signing in
        </label>
      </p>
    </>
  );
}

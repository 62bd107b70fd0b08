import { type FormEvent, useState } from 'react';
import { request } from '../_client/api';
import { FormActions } from '../_client/form-actions';
import { useAction } from '../_client/use-action';
import { PrincipalsFields, SpaceField } from './space-fields';
import { type SpaceInfo, changesOf, formOf } from './space';

/** Changes a space's readers, owners, public setting and webhook; they apply to its documents at once. */
export function SpaceEditForm({ space, onSaved, onCancel }: { space: SpaceInfo; onSaved: () => void; onCancel: () => void }) {
  const [form, setForm] = useState(() => formOf(space));
  const { busy, error, run } = useAction();
  const id = (field: string) => `space-${space.name.replace(/\W+/g, '-')}-${field}`;
  const set = (field: keyof typeof form) => (value: string | boolean) => setForm((current) => ({ ...current, [field]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const changes = changesOf(space, form);
    if (Object.keys(changes).length === 0) return onCancel();
    await run(async () => {
      await request(`/api/spaces/${encodeURIComponent(space.name)}`, { method: 'PATCH', body: changes });
      onSaved();
    });
  };
  return (
    <form onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="space-edit-form">
      <h3>Change {space.name}</h3>
      <div className="form-grid">
        <PrincipalsFields id={id} readers={form.readers} owners={form.owners} onReaders={set('readers')} onOwners={set('owners')} />
        <SpaceField
          id={id('webhook')}
          label="Alert webhook"
          url
          value={form.webhook}
          onChange={set('webhook')}
          hint="Empty: alerts go where the enclosing space's go."
        />
        <p>
          <label className="inline-label">
            <input type="checkbox" checked={form.public} onChange={(event) => set('public')(event.target.checked)} /> Public: anyone may ask about it without
            signing in
          </label>
        </p>
      </div>
      <FormActions busy={busy} label="Save" error={error} next="/admin" style={{ marginTop: '0.6rem' }} onCancel={onCancel} />
    </form>
  );
}

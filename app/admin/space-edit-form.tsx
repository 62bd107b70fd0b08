import { type FormEvent, useState } from 'react';
import { request } from '../_client/api';
import { FormActions } from '../_client/form-actions';
import { useAction } from '../_client/use-action';
import { type SpaceForm, type SpaceInfo, changesOf, formOf } from './space';
import { SpaceAccessFields } from './space-fields';

/** Changes a space's readers, owners, public setting and webhook; they apply to its documents at once. */
export function SpaceEditForm({ space, onSaved, onCancel }: { space: SpaceInfo; onSaved: () => void; onCancel: () => void }) {
  const [form, setForm] = useState(() => formOf(space));
  const { busy, error, run } = useAction();
  const id = (field: string) => `space-${space.name.replace(/\W+/g, '-')}-${field}`;
  const update = (changes: Partial<SpaceForm>) => setForm((current) => ({ ...current, ...changes }));
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
        <SpaceAccessFields id={id} form={form} onChange={update} webhookHint="Empty: alerts go where the enclosing space's go." />
      </div>
      <FormActions busy={busy} label="Save" error={error} next="/admin" className="spaced-top" onCancel={onCancel} />
    </form>
  );
}

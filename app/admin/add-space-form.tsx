import { useState } from 'react';
import { request } from '../_client/api';
import { AddForm } from './add-form';
import { type SpaceForm, parseList } from './space';
import { SpaceAccessFields } from './space-fields';
import { TextField } from './text-field';

type NewSpaceForm = SpaceForm & { name: string; folder: string };

const EMPTY: NewSpaceForm = { name: '', folder: '', readers: '', owners: '', contributors: '', public: false, webhook: '' };

/** A new space on a folder of the watched root, with its readers, owners and alerts. */
export function AddSpaceForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [form, setForm] = useState(EMPTY);
  const update = (changes: Partial<NewSpaceForm>) => setForm((current) => ({ ...current, ...changes }));
  const add = async () => {
    await request('/api/spaces', {
      method: 'POST',
      body: {
        name: form.name.trim(),
        folder: form.folder.trim(),
        readers: parseList(form.readers),
        owners: parseList(form.owners),
        contributors: parseList(form.contributors),
        // Unticked adds no setting of its own (like the CLI without --public): the enclosing space decides.
        public: form.public ? true : null,
        webhookUrl: form.webhook.trim() || null,
      },
    });
    onAdded(form.name.trim());
    setForm(EMPTY);
  };
  return (
    <AddForm title="Add a space" label="Add the space" testId="add-space-form" add={add}>
      <TextField id="new-space-name" label="Name" value={form.name} onChange={(name) => update({ name })} required />
      <TextField
        id="new-space-folder"
        label="Folder"
        value={form.folder}
        onChange={(folder) => update({ folder })}
        hint="Relative to the watched folder, e.g. hr/benefits."
        required
      />
      <SpaceAccessFields id={(field) => `new-space-${field}`} form={form} onChange={update} webhookHint="Optional: where this space's escalation alerts go." />
    </AddForm>
  );
}

import { useState } from 'react';
import { request } from '../_client/api';
import { AddForm } from './add-form';
import { PrincipalsFields, SpaceField } from './space-fields';
import { parseList } from './space';

/** A new space on a folder of the watched root, with its readers, owners and alerts. */
export function AddSpaceForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [readers, setReaders] = useState('');
  const [owners, setOwners] = useState('');
  const [open, setOpen] = useState(false);
  const [webhook, setWebhook] = useState('');
  const add = async () => {
    await request('/api/spaces', {
      method: 'POST',
      body: {
        name: name.trim(),
        folder: folder.trim(),
        readers: parseList(readers),
        owners: parseList(owners),
        // Unticked adds no setting of its own (like the CLI without --public): the enclosing space decides.
        public: open ? true : null,
        webhookUrl: webhook.trim() || null,
      },
    });
    onAdded(name.trim());
    setName('');
    setFolder('');
    setReaders('');
    setOwners('');
    setOpen(false);
    setWebhook('');
  };
  return (
    <AddForm title="Add a space" label="Add the space" testId="add-space-form" add={add}>
      <SpaceField id="new-space-name" label="Name" value={name} onChange={setName} required />
      <SpaceField id="new-space-folder" label="Folder" value={folder} onChange={setFolder} hint="Relative to the watched folder, e.g. hr/benefits." required />
      <PrincipalsFields id={(field) => `new-space-${field}`} readers={readers} owners={owners} onReaders={setReaders} onOwners={setOwners} />
      <SpaceField
        id="new-space-webhook"
        label="Alert webhook"
        url
        value={webhook}
        onChange={setWebhook}
        hint="Optional: where this space's escalation alerts go."
      />
      <p>
        <label className="inline-label">
          <input type="checkbox" checked={open} onChange={(event) => setOpen(event.target.checked)} /> Public: anyone may ask about it without signing in
        </label>
      </p>
    </AddForm>
  );
}

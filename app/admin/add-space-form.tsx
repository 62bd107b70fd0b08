import { type FormEvent, useState } from 'react';
import { request } from '../_client/api';
import { ErrorText } from '../_client/error-text';
import { useAction } from '../_client/use-action';
import { PrincipalsHint, SpaceField } from './space-fields';
import { parseList } from './space';

/** A new space on a folder of the watched root, with its readers, owners and alerts. */
export function AddSpaceForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [readers, setReaders] = useState('');
  const [owners, setOwners] = useState('');
  const [open, setOpen] = useState(false);
  const [webhook, setWebhook] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
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
    });
  };
  return (
    <form className="add-user" onSubmit={(event) => void submit(event)} data-testid="add-space-form">
      <h3>Add a space</h3>
      <div className="form-grid">
        <SpaceField id="new-space-name" label="Name" value={name} onChange={setName} required />
        <SpaceField
          id="new-space-folder"
          label="Folder"
          value={folder}
          onChange={setFolder}
          hint="Relative to the watched folder, e.g. hr/benefits."
          required
        />
        <SpaceField
          id="new-space-readers"
          label="Readers"
          value={readers}
          onChange={setReaders}
          hint={<PrincipalsHint empty="inherits the readers around it" />}
        />
        <SpaceField id="new-space-owners" label="Owners" value={owners} onChange={setOwners} hint={<PrincipalsHint empty="inherits the owners around it" />} />
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
      </div>
      <ErrorText error={error} next="/admin" />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add the space'}
      </button>
    </form>
  );
}

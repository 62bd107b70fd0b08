import { useState } from 'react';
import { ErrorText } from '../_client/error-text';
import { ConfirmRemove, useRemoval } from './confirm-remove';
import { type SpaceInfo, contributorsText, folderOf, isDefaultSpace, ownersText, readersText, visibility } from './space';
import { SpaceEditForm } from './space-edit-form';

const VISIBILITY = {
  public: { text: 'public', tone: 'ok' },
  private: { text: 'private', tone: '' },
  inherited: { text: 'public setting inherited', tone: '' },
  removed: { text: 'removed — admins only', tone: 'bad' },
} as const;

// Long emails and names would otherwise widen the table and push the buttons out of the panel.
const WRAP = { overflowWrap: 'anywhere' } as const;

/**
 * One space: where it is, who reads it, who answers for it, and buttons to change or remove it
 * (asking first). A removed space only says so; adding a space on its folder grants it again.
 */
export function SpaceRow({ space, onChanged, onRemoved }: { space: SpaceInfo; onChanged: (name: string) => void; onRemoved: (name: string) => void }) {
  const [editing, setEditing] = useState(false);
  const removal = useRemoval(`/api/spaces/${encodeURIComponent(space.name)}`, () => onRemoved(space.name));
  const seen = VISIBILITY[visibility(space)];
  if (editing) {
    return (
      <tr data-testid="space-row" data-name={space.name}>
        <td colSpan={3}>
          <SpaceEditForm
            space={space}
            onSaved={() => {
              setEditing(false);
              onChanged(space.name);
            }}
            onCancel={() => setEditing(false)}
          />
        </td>
      </tr>
    );
  }
  return (
    <tr data-testid="space-row" data-name={space.name} data-removed={space.removed ? 'true' : 'false'}>
      <td style={WRAP}>
        <strong>{space.name}</strong>
        <div className={`small ${space.folder || space.root ? 'path' : 'muted'}`}>{folderOf(space)}</div>
      </td>
      <td className="small" style={WRAP}>
        <span className={`badge ${seen.tone}`} data-testid="space-visibility">
          {seen.text}
        </span>
        {space.removed ? null : (
          <>
            <div>Readers: {readersText(space.readers)}</div>
            <div>Owners: {ownersText(space.owners)}</div>
            <div>Contributors: {contributorsText(space.contributors)}</div>
            <div>Alerts: {space.webhook_url ? <span className="path">{space.webhook_url}</span> : 'inherited'}</div>
          </>
        )}
      </td>
      <td>
        {space.removed ? null : removal.confirming ? (
          <ConfirmRemove removal={removal} warning="Its folder becomes readable by admins only." />
        ) : (
          <span className="row">
            <button type="button" className="button" onClick={() => setEditing(true)} aria-label={`Change ${space.name}`}>
              Change
            </button>
            {/* The API refuses to remove the default space: everything outside the others falls back to it. */}
            {isDefaultSpace(space.name) ? null : (
              <button type="button" className="button danger" onClick={removal.ask} aria-label={`Remove ${space.name}`}>
                Remove
              </button>
            )}
          </span>
        )}
        <ErrorText error={removal.error} next="/admin" inline />
      </td>
    </tr>
  );
}

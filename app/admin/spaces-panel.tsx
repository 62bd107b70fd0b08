import type { AuditEntry } from '@/lib/spaces/space-store';
import { AddSpaceForm } from './add-space-form';
import { AdminPanel, useAdminList } from './admin-panel';
import type { SpaceInfo } from './space';
import { SpaceAudit } from './space-audit';
import { SpaceRow } from './space-row';

/** The spaces (who may read which folder, who answers for it), a form to add one, and their latest changes (admin). */
export function SpacesPanel({ announce }: { announce: (message: string) => void }) {
  const { data, error, changed } = useAdminList<{ spaces: SpaceInfo[]; audit: AuditEntry[] }>('/api/spaces', announce);
  return (
    <AdminPanel
      name="spaces"
      title="Spaces"
      intro="A space is a folder with its readers (who may ask about it) and owners (who answer its escalations)."
      error={error}
      columns={['Space', 'Access']}
      rows={
        data?.spaces.map((space) => (
          <SpaceRow
            key={space.name}
            space={space}
            onChanged={(name) => changed(`Changed the space ${name}.`)}
            onRemoved={(name) => changed(`Removed the space ${name}: its folder is readable by admins only.`)}
          />
        )) ?? null
      }
    >
      <AddSpaceForm onAdded={(name) => changed(`Added the space ${name}.`)} />
      {data ? <SpaceAudit entries={data.audit} /> : null}
    </AdminPanel>
  );
}

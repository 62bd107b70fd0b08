import { ErrorText } from '../_client/error-text';
import { useApiData } from '../_client/use-api-data';
import { AddSpaceForm } from './add-space-form';
import type { SpaceAuditEntry, SpaceInfo } from './space';
import { SpaceAudit } from './space-audit';
import { SpaceRow } from './space-row';

/** The spaces (who may read which folder, who answers for it), a form to add one, and their latest changes (admin). */
export function SpacesPanel({ announce }: { announce: (message: string) => void }) {
  const { data, error, load } = useApiData<{ spaces: SpaceInfo[]; audit: SpaceAuditEntry[] }>('/api/spaces');
  const spaces = data?.spaces ?? null;
  const changed = (message: string) => {
    announce(message);
    void load();
  };
  return (
    <section className="panel admin-panel" aria-labelledby="spaces-heading" data-testid="spaces-panel">
      <h2 id="spaces-heading">Spaces</h2>
      <p className="small muted">A space is a folder with its readers (who may ask about it) and owners (who answer its escalations).</p>
      <ErrorText error={error} next="/admin" />
      {spaces ? (
        <div className="table-scroll">
          <table data-testid="spaces-table">
            <thead>
              <tr>
                <th scope="col">Space</th>
                <th scope="col">Access</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {spaces.map((space) => (
                <SpaceRow
                  key={space.name}
                  space={space}
                  onChanged={(name) => changed(`Changed the space ${name}.`)}
                  onRemoved={(name) => changed(`Removed the space ${name}: its folder is readable by admins only.`)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <AddSpaceForm onAdded={(name) => changed(`Added the space ${name}.`)} />
      {data ? <SpaceAudit entries={data.audit} /> : null}
    </section>
  );
}

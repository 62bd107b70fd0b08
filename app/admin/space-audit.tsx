import type { AuditEntry } from '@/lib/spaces/space-store';
import { Time } from '../_client/time';
import { auditSummary } from './space';

const SHOWN = 10;

/** The latest changes to spaces: who changed what, and when (the CLI's changes too, as cli:<account>). */
export function SpaceAudit({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="add-user" data-testid="space-audit">
      <h3>Recent changes</h3>
      {entries.length === 0 ? (
        <p className="small muted">No changes yet.</p>
      ) : (
        <ol className="trail">
          {entries.slice(0, SHOWN).map((entry) => (
            <li key={entry.id} className="small" data-testid="space-audit-entry">
              <div>
                <strong>{entry.space}</strong>: {auditSummary(entry)}
              </div>
              <div className="muted">
                by {entry.actor} · <Time seconds={entry.createdAt} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

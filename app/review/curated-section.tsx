import type { CuratedAnswer } from '@/lib/answer/curated';
import { CuratedCard } from './curated-card';
import { ErrorText } from '../_client/error-text';

/** The curated answers, with how many wait for a check because a source changed. */
export function CuratedSection({
  items,
  error,
  onChange,
  announce,
}: {
  items: CuratedAnswer[] | null;
  error: Error | null;
  onChange: (update: (items: CuratedAnswer[]) => CuratedAnswer[]) => void;
  announce: (message: string) => void;
}) {
  const stale = items?.filter((item) => item.status === 'stale').length ?? 0;
  return (
    <section aria-labelledby="curated-heading" className="curated-section">
      <h2 id="curated-heading">Curated answers{items ? ` (${items.length}${stale ? `, ${stale} with a changed source` : ''})` : ''}</h2>
      <ErrorText error={error} next="/review" />
      {!items ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">No curated answers yet: approved and written answers appear here.</p>
      ) : null}
      <div className="queue" data-testid="curated-list">
        {items?.map((item) => (
          <CuratedCard
            key={item.id}
            item={item}
            onSaved={(saved) => {
              onChange((list) => list.map((entry) => (entry.id === saved.id ? saved : entry)));
              announce(`Saved the curated answer to “${saved.question}”.`);
            }}
            onDeleted={(deleted) => {
              onChange((list) => list.filter((entry) => entry.id !== deleted.id));
              announce(`Deleted the curated answer to “${deleted.question}”.`);
            }}
          />
        ))}
      </div>
    </section>
  );
}

import type { KeyboardEvent } from 'react';
import type { Counts, Tab } from './use-escalations';

/** Open and handled escalations as tabs, with counts; the arrow keys move between them. */
export function Tabs({ tab, counts, onSelect }: { tab: Tab; counts: Counts | null; onSelect: (tab: Tab) => void }) {
  const tabs: { id: Tab; label: string }[] = [
    { id: 'open', label: `Open${counts ? ` (${counts.open})` : ''}` },
    { id: 'handled', label: `Handled${counts ? ` (${counts.answered + counts.rejected})` : ''}` },
  ];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'open' ? 'handled' : 'open';
    onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Escalations" onKeyDown={onKeyDown}>
      {tabs.map((entry) => (
        <button
          key={entry.id}
          id={`tab-${entry.id}`}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab === entry.id}
          aria-controls="escalations-panel"
          tabIndex={tab === entry.id ? 0 : -1}
          onClick={() => onSelect(entry.id)}
          data-testid={`tab-${entry.id}`}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}

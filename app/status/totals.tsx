import type { StatusReport } from '@/lib/status';

export function Totals({ totals }: { totals: StatusReport['totals'] }) {
  const cards: { key: keyof StatusReport['totals']; label: string }[] = [
    { key: 'indexed', label: 'Indexed' },
    { key: 'pending', label: 'Pending' },
    { key: 'quarantined', label: 'Quarantined' },
    { key: 'duplicate', label: 'Duplicates' },
    { key: 'deleted', label: 'Deleted' },
    { key: 'chunks', label: 'Chunks' },
  ];
  return (
    <section aria-label="Totals">
      <dl className="cards" data-testid="status-totals">
        {cards.map((card) => (
          <div
            key={card.key}
            className={`panel card${card.key === 'quarantined' && totals.quarantined > 0 ? ' attention' : ''}`}
            data-testid={`total-${card.key}`}
          >
            <dt className="small muted">{card.label}</dt>
            <dd className="value">{totals[card.key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The space an item is routed to (its owners answer it), and the other spaces its sources are in, when given. */
export function SpaceBadge({ space, spaces = [] }: { space: string; spaces?: string[] }) {
  const others = spaces.filter((name) => name !== space);
  return (
    <span className="badge" data-testid="escalation-space" data-space={space}>
      Space: {space}
      {others.length ? <span className="muted"> (sources also in {others.join(', ')})</span> : null}
    </span>
  );
}

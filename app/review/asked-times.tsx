/** How many conversations wait for this answer: a question asked again is one item with more askers. */
export function AskedTimes({ askers }: { askers: number }) {
  if (!askers) return null;
  return (
    <span className={askers > 1 ? 'badge warn' : undefined} data-testid="escalation-askers" data-askers={askers}>
      {askers === 1 ? 'asked once' : `asked ${askers} times`}
    </span>
  );
}

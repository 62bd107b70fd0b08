import Link from 'next/link';
import { useRef } from 'react';
import { ErrorText } from '../_client/error-text';
import { type SpotCheckItem, SpotCheckCard } from './spot-check-card';

/** Answered questions sampled for their space's owners to mark right or wrong. */
export function SpotCheckSection({
  checks,
  error,
  onDone,
  onEditing,
}: {
  checks: SpotCheckItem[] | null;
  error: Error | null;
  onDone: (check: SpotCheckItem, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The card that had focus goes away with its verdict: focus goes back to the list, not to the page's top.
  const done = (check: SpotCheckItem, message: string) => {
    onDone(check, message);
    heading.current?.focus();
  };
  return (
    <section aria-labelledby="spot-checks-heading" className="curated-section">
      <h2 id="spot-checks-heading" ref={heading} tabIndex={-1}>
        Check these answers{checks ? ` (${checks.length})` : ''}
      </h2>
      <p className="small muted">
        A share of the questions Docent answered itself, for the space’s owners to mark right or wrong: the verdicts measure its precision (see{' '}
        <Link href="/status">Status</Link>).
      </p>
      <ErrorText error={error} next="/review" />
      {!checks && !error ? <p className="muted">Loading…</p> : null}
      {checks && checks.length === 0 ? <p className="muted">Nothing to check. Sampled answers appear here.</p> : null}
      <div className="queue" data-testid="spot-check-list">
        {checks?.map((check) => (
          <SpotCheckCard key={check.id} check={check} onDone={done} onEditing={onEditing} />
        ))}
      </div>
    </section>
  );
}

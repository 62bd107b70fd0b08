import { useCallback, useEffect, useState } from 'react';
import type { escalationView } from '@/lib/answer/review';
import { errorOf, request } from '../_client/api';

export type Order = 'newest' | 'oldest';
export type Tab = 'open' | 'handled';
export type Counts = { open: number; answered: number; rejected: number };
/** An escalation as its reviewer sees it: `draftWithheld` when the draft quotes documents they may not read. */
export type ReviewItem = ReturnType<typeof escalationView>;

/** The escalations of one tab in one order, the counts of every tab, and `remove` for one just handled. */
export function useEscalations(tab: Tab, order: Order) {
  const key = `${tab}:${order}`;
  // The list is kept with the query it answers, so switching tabs never shows the other list.
  const [state, setState] = useState<{ key: string; items: ReviewItem[] } | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const load = useCallback(async () => {
    try {
      const body = await request<{ counts: Counts; escalations: ReviewItem[] }>(`/api/escalations?status=${tab}&order=${order}`);
      setCounts(body.counts);
      setState({ key: `${tab}:${order}`, items: body.escalations });
      setError(null);
    } catch (caught) {
      setError(errorOf(caught));
    }
  }, [tab, order]);
  useEffect(() => void load(), [load]);
  const items = state?.key === key ? state.items : null;
  const remove = useCallback(
    (id: string) => setState((current) => (current ? { ...current, items: current.items.filter((item) => item.id !== id) } : current)),
    [],
  );
  return { items, remove, counts, setCounts, error, load };
}

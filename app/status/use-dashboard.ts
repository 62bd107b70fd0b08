import { useCallback, useEffect, useRef, useState } from 'react';
import type { dashboard } from '@/lib/web/dashboard';
import { errorOf, request } from '../_client/api';
import type { SpotCheckSummary } from './spot-check-labels';

export type Dashboard = Awaited<ReturnType<typeof dashboard>> & { spot_checks: SpotCheckSummary };
export type Series = Dashboard['series'];

const REFRESH_MS = 10_000;

/** The dashboard's data, refreshed every 10 s while the page is visible; one request at a time. */
export function useDashboard() {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const inFlight = useRef(false);
  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setData(await request<Dashboard>('/api/status'));
      setUpdatedAt(new Date());
      setError(null);
    } catch (caught) {
      setError(errorOf(caught));
    } finally {
      inFlight.current = false;
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { data, error, updatedAt, refresh };
}

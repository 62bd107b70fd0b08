import { useCallback, useEffect, useState } from 'react';
import { errorOf, request } from './api';

/**
 * A GET of the JSON API, on mount and whenever `load` is called: the last body, and the error of
 * the last attempt (a failed reload keeps the body it had, so the page does not go blank).
 */
export function useApiData<T>(url: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await request<T>(url));
      setError(null);
    } catch (caught) {
      setError(errorOf(caught));
    }
  }, [url]);
  useEffect(() => void load(), [load]);
  return { data, setData, error, load };
}

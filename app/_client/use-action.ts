import { useCallback, useState } from 'react';
import { errorOf } from './api';

/**
 * The state of a button or form that calls the API: `busy` while its work runs, and the error it
 * failed with. `run` resolves to whether the work succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = useCallback(async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(errorOf(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

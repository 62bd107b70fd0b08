'use client';

import { useEffect, useState } from 'react';

interface Health {
  status: string;
  syncing: { done: number; total: number } | null;
}

/** While the first sync reads the documents, says how far it is; answers may be missing until then. */
export function SyncBanner() {
  const [syncing, setSyncing] = useState<Health['syncing']>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      const health = (await fetch('/api/health', { cache: 'no-store' })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null)) as Health | null;
      if (stopped) return;
      const next = health?.syncing ?? null;
      setSyncing(next);
      // Poll only while syncing: once the backlog is read there is nothing more to announce.
      if (next) timer = setTimeout(() => void poll(), 2000);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, []);

  if (!syncing) return null;
  return (
    <p className="notice" role="status" data-testid="sync-banner">
      Indexing your documents ({syncing.done} of {syncing.total})… Answers may be incomplete until every document is read.
    </p>
  );
}

import { useCallback, useState } from 'react';

/** The text of a page's live region, and `announce` to say something in it. */
export function useAnnouncement() {
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => {
    setAnnouncement('');
    // A fresh text node, so the same message twice is announced twice.
    setTimeout(() => setAnnouncement(message), 50);
  }, []);
  return { announcement, announce };
}

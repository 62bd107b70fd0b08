'use client';

import { useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** What a copy button says in each state. */
export const COPY_LABEL: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/**
 * Copies text to the clipboard and says how it went for two seconds. A refused clipboard (an
 * insecure origin, a denied permission) is reported as such, never as copied.
 */
export function useCopy(): { state: CopyState; copy: (text: string) => Promise<void> } {
  const [state, setState] = useState<CopyState>('idle');
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return { state, copy };
}

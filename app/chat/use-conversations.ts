'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ConversationSummary } from '@/lib/answer/conversations';
import { RequestError, request } from '../_client/api';

export type ListedConversation = Pick<ConversationSummary, 'id' | 'title'>;

const STORAGE_KEY = 'docent.conversations';
const LOCAL_LIMIT = 50;

const isListed = (item: unknown): item is ListedConversation =>
  typeof item === 'object' && item !== null && typeof (item as ListedConversation).id === 'string' && typeof (item as ListedConversation).title === 'string';

function loadLocal(): ListedConversation[] {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as unknown[]).filter(isListed) : [];
  } catch {
    return [];
  }
}

/**
 * The conversation list: a signed-in person's comes from the server (the same on every device);
 * an anonymous asker's is kept in this browser. A conversation keeps the title of its first question.
 */
export function useConversations() {
  const [items, setItems] = useState<ListedConversation[]>([]);
  const [signedIn, setSignedIn] = useState<boolean | null>(null);

  const refresh = useCallback(async () => {
    const server = await request<{ conversations: ListedConversation[]; signedIn: boolean }>('/api/conversations').catch(() => null);
    if (server?.signedIn) {
      setSignedIn(true);
      setItems(server.conversations);
    } else {
      setSignedIn(false);
      setItems(loadLocal());
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const storeLocal = useCallback((update: (current: ListedConversation[]) => ListedConversation[]) => {
    setItems((current) => {
      const next = update(current).slice(0, LOCAL_LIMIT);
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  /** A conversation that just got an answer moves to the top, with the title it already has. */
  const remember = useCallback(
    (id: string, firstQuestion: string) => {
      const update = (current: ListedConversation[]) => {
        const known = current.find((item) => item.id === id);
        return [{ id, title: known?.title ?? firstQuestion.slice(0, 120) }, ...current.filter((item) => item.id !== id)];
      };
      if (signedIn) setItems(update);
      else storeLocal(update);
    },
    [signedIn, storeLocal],
  );

  const rename = useCallback(
    async (id: string, title: string) => {
      // The server keeps the title for the owner on every device, and for anonymous askers in this browser too.
      await request(`/api/conversations/${id}`, { method: 'PATCH', body: { title } });
      const update = (current: ListedConversation[]) => current.map((item) => (item.id === id ? { ...item, title } : item));
      if (signedIn) setItems(update);
      else storeLocal(update);
    },
    [signedIn, storeLocal],
  );

  /** Deletes it on the server (with its answer log entries), then from the list. */
  const remove = useCallback(
    async (id: string) => {
      await request(`/api/conversations/${id}`, { method: 'DELETE' }).catch((caught: unknown) => {
        // Already gone on the server (or never this browser's): it still leaves the list.
        if (!(caught instanceof RequestError && caught.status === 404)) throw caught;
      });
      const update = (current: ListedConversation[]) => current.filter((item) => item.id !== id);
      if (signedIn) setItems(update);
      else storeLocal(update);
    },
    [signedIn, storeLocal],
  );

  return { items, signedIn, remember, rename, remove };
}

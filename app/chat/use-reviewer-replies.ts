'use client';

import { type Dispatch, type SetStateAction, useEffect } from 'react';
import type { ChatMessage } from './chat-message';

/** While a question waits for a person, polls for their answer and appends it to the thread. */
export function useReviewerReplies(conversationId: string | null, messages: ChatMessage[], setMessages: Dispatch<SetStateAction<ChatMessage[]>>) {
  const waiting = messages.some(
    (message, index) =>
      message.status === 'escalated' &&
      !message.pending &&
      !messages.slice(index + 1).some((later) => later.role === 'reviewer' && later.escalationId === message.escalationId),
  );
  useEffect(() => {
    if (!waiting || !conversationId) return;
    const poll = async () => {
      const last = messages.filter((message) => !message.pending && !message.local).at(-1)?.createdAt ?? 0;
      const response = await fetch(`/api/conversations/${conversationId}?after=${last}`);
      if (!response.ok) return;
      const body = (await response.json()) as { messages: ChatMessage[] };
      if (body.messages.length) setMessages((current) => [...current, ...body.messages.filter((message) => !current.some((known) => known.id === message.id))]);
    };
    // A poll that fails (server restarting, network gone) is simply tried again on the next tick.
    const timer = setInterval(() => void poll().catch(() => undefined), 2500);
    return () => clearInterval(timer);
  }, [waiting, conversationId, messages, setMessages]);
}

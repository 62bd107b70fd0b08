'use client';

import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerEvent } from '@/lib/answer/events';
import type { ChatMessage } from './chat-message';
import { ConversationList, type StoredConversation } from './conversation-list';
import { MessageView } from './message-view';
import { SyncBanner } from './sync-banner';
import { UploadPanel } from './upload-panel';

// The chat: streams the workflow's NDJSON events, shows citations with the quoted passage and a
// link to the source, and, for escalated questions, polls until a reviewer's answer arrives.
// Everything from documents and answers is rendered as text, never as HTML.

const STORAGE_KEY = 'docent.conversations';

function loadConversations(): StoredConversation[] {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as StoredConversation[];
  } catch {
    return [];
  }
}

export function Chat() {
  const [conversations, setConversations] = useState<StoredConversation[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const threadEnd = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const stored = loadConversations();
    setConversations(stored);
    const fromUrl = new URLSearchParams(window.location.search).get('c');
    const initial = fromUrl ?? stored[0]?.id ?? null;
    if (initial) setConversationId(initial);
  }, []);

  const remember = useCallback((id: string, title: string) => {
    setConversations((current) => {
      const next = [{ id, title }, ...current.filter((item) => item.id !== id)].slice(0, 30);
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  const load = useCallback(async (id: string) => {
    const response = await fetch(`/api/conversations/${id}`);
    if (response.status === 404) {
      setMessages([]);
      return;
    }
    if (!response.ok) return;
    const body = (await response.json()) as { messages: ChatMessage[] };
    setMessages(body.messages);
  }, []);

  useEffect(() => {
    if (conversationId) void load(conversationId);
    else setMessages([]);
  }, [conversationId, load]);

  useEffect(() => {
    threadEnd.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  // A question waiting for a person: poll for the reviewer's answer.
  const waiting = messages.some(
    (message, index) =>
      message.status === 'escalated' &&
      !message.pending &&
      !messages.slice(index + 1).some((later) => later.role === 'reviewer' && later.escalationId === message.escalationId),
  );
  useEffect(() => {
    if (!waiting || !conversationId) return;
    const poll = async () => {
      const last = messages.filter((message) => !message.pending).at(-1)?.createdAt ?? 0;
      const response = await fetch(`/api/conversations/${conversationId}?after=${last}`);
      if (!response.ok) return;
      const body = (await response.json()) as { messages: ChatMessage[] };
      if (body.messages.length) setMessages((current) => [...current, ...body.messages.filter((message) => !current.some((known) => known.id === message.id))]);
    };
    // A poll that fails (server restarting, network gone) is simply tried again on the next tick.
    const timer = setInterval(() => void poll().catch(() => undefined), 2500);
    return () => clearInterval(timer);
  }, [waiting, conversationId, messages]);

  const ask = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = question.trim();
    if (!text || busy) return;
    setBusy(true);
    setError(null);
    setQuestion('');
    const now = Date.now() / 1000;
    const pendingId = `pending-${now}`;
    setMessages((current) => [
      ...current,
      { id: `user-${now}`, role: 'user', content: text, status: null, answerId: null, escalationId: null, citations: [], createdAt: now },
      {
        id: pendingId,
        role: 'assistant',
        content: '',
        status: null,
        answerId: null,
        escalationId: null,
        citations: [],
        createdAt: now,
        pending: true,
        stage: 'classify',
      },
    ]);
    const update = (change: Partial<ChatMessage>) =>
      setMessages((current) => current.map((message) => (message.id === pendingId ? { ...message, ...change } : message)));
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: text, conversationId }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      let draft = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const answerEvent = JSON.parse(line) as AnswerEvent;
          if (answerEvent.type === 'stage') update({ stage: answerEvent.stage });
          else if (answerEvent.type === 'token') {
            draft += answerEvent.text;
            update({ content: draft });
          } else if (answerEvent.type === 'outcome') {
            setConversationId(answerEvent.conversationId);
            remember(answerEvent.conversationId, text.slice(0, 60));
            setMessages((current) =>
              current.map((message) =>
                message.id === pendingId
                  ? {
                      id: answerEvent.messageId,
                      role: 'assistant',
                      content: answerEvent.text,
                      status: answerEvent.outcome,
                      answerId: answerEvent.answerId,
                      escalationId: answerEvent.escalationId,
                      citations: answerEvent.citations,
                      createdAt: Date.now() / 1000,
                    }
                  : message,
              ),
            );
          } else if (answerEvent.type === 'error' && answerEvent.code !== 'index_unavailable' && answerEvent.code !== 'model_unavailable') {
            throw new Error(answerEvent.message);
          }
        }
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setMessages((current) => current.filter((message) => message.id !== pendingId));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void ask();
    }
  };

  return (
    <div className="chat">
      <ConversationList conversations={conversations} current={conversationId} onSelect={setConversationId} />
      <section aria-label="Conversation">
        <SyncBanner />
        <UploadPanel />
        <div className="thread" aria-live="polite">
          {messages.length === 0 ? (
            <p className="muted">Ask about a policy or procedure. Answers quote the documents and cite them; when Docent is not sure, a person answers.</p>
          ) : null}
          {messages.map((message) => (
            <MessageView key={message.id} message={message} />
          ))}
          <div ref={threadEnd} />
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <form className="composer" onSubmit={(event) => void ask(event)}>
          <label htmlFor="question" className="visually-hidden">
            Your question
          </label>
          <textarea
            id="question"
            ref={input}
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Ask a question (Enter to send, Shift+Enter for a new line)"
            maxLength={2000}
            disabled={busy}
          />
          <button className="button primary" type="submit" disabled={busy || !question.trim()}>
            Ask
          </button>
        </form>
      </section>
    </div>
  );
}

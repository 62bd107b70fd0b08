'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnswerEvent } from '@/lib/answer/events';
import { StoppedByAsker, streamAnswer } from './answer-stream';
import type { ChatMessage } from './chat-message';
import { Composer } from './composer';
import { LanguageFilter, useLanguageFilter } from './language-filter';
import { ConversationList } from './conversation-list';
import { MessageActions } from './message-actions';
import { MessageView } from './message-view';
import { SyncBanner } from './sync-banner';
import { useConversations } from './use-conversations';
import { useReviewerReplies } from './use-reviewer-replies';
import { UploadPanel } from './upload-panel';

// The chat: streams the workflow's NDJSON events, shows citations with the quoted passage and a
// link to the source, and, for escalated questions, polls until a reviewer's answer arrives.
// The URL names the conversation (/c/<id>), so reloading or sharing the link opens it again.
// Everything from documents and answers is rendered as React text, never as HTML; answers go
// through Markdown (answer-markdown.tsx) only as far as its allowlists let them.

const pathOf = (id: string | null) => (id ? `/c/${id}` : '/');
const idFromPath = () => /^\/c\/([0-9a-f-]{36})$/i.exec(window.location.pathname)?.[1] ?? null;

export function Chat({ initialId }: { initialId: string | null }) {
  const list = useConversations();
  const [conversationId, setConversationId] = useState<string | null>(initialId);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [mine, setMine] = useState(true);
  const [notFound, setNotFound] = useState(false);
  const [question, setQuestion] = useState('');
  const { languages, language, setLanguage } = useLanguageFilter();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped to read the open conversation again (after a failed edit, the server kept the turn).
  const [reloads, setReloads] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const threadEnd = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const answering = useRef<AbortController | null>(null);
  // The conversation this page is streaming into already shows its messages: no reload for it.
  const streamedInto = useRef<string | null>(null);

  const open = useCallback((id: string | null, push: boolean) => {
    answering.current?.abort();
    // Whatever this page streamed into before, the conversation opened now is read from the server.
    streamedInto.current = null;
    setMessages([]);
    setConversationId(id);
    setReloads((count) => count + 1);
    setEditing(null);
    setError(null);
    if (push && window.location.pathname !== pathOf(id)) window.history.pushState(null, '', pathOf(id));
  }, []);

  useEffect(() => {
    const onPop = () => open(idFromPath(), false);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [open]);

  useEffect(() => {
    setNotFound(false);
    setMine(true);
    if (!conversationId) {
      setMessages([]);
      return;
    }
    if (streamedInto.current === conversationId) return;
    let current = true;
    void fetch(`/api/conversations/${conversationId}`, { cache: 'no-store' })
      .then(async (response) => {
        if (!current) return;
        if (!response.ok) {
          setMessages([]);
          if (response.status === 404) setNotFound(true);
          else setError(`The conversation could not be loaded (the server answered ${response.status}).`);
          return;
        }
        const body = (await response.json()) as { messages: ChatMessage[]; mine: boolean };
        if (!current) return;
        setMessages(body.messages);
        setMine(body.mine);
      })
      .catch(() => current && setError('Could not reach the server. Check the connection and try again.'));
    return () => {
      current = false;
    };
  }, [conversationId, reloads]);

  useEffect(() => {
    threadEnd.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  useReviewerReplies(conversationId, messages, setMessages);

  const stop = useCallback(() => answering.current?.abort(), []);
  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      // Esc that closed something else (a rename) is not a stop.
      if (event.key === 'Escape' && !event.defaultPrevented) stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, stop]);

  const ask = async (text: string, replaces: string | null) => {
    if (!text.trim() || busy) return;
    const controller = new AbortController();
    answering.current = controller;
    setBusy(true);
    setError(null);
    setQuestion('');
    setEditing(null);
    const { now, userId, pendingId } = localIds();
    const blank: Omit<ChatMessage, 'id' | 'role' | 'content'> = {
      status: null,
      answerId: null,
      escalationId: null,
      citations: [],
      createdAt: now,
      local: true,
    };
    setMessages((current) => {
      const cut = replaces ? current.findIndex((message) => message.id === replaces) : -1;
      const kept = cut >= 0 ? current.slice(0, cut) : current;
      return [
        ...kept,
        { ...blank, id: userId, role: 'user', content: text.trim() },
        { ...blank, id: pendingId, role: 'assistant', content: '', pending: true, stage: 'classify' },
      ];
    });
    const update = (id: string, change: Partial<ChatMessage>) =>
      setMessages((current) => current.map((message) => (message.id === id ? { ...message, ...change } : message)));
    let draft = '';
    const onEvent = (event: AnswerEvent) => {
      if (event.type === 'started') {
        streamedInto.current = event.conversationId;
        // Filed on the server from here on, whatever becomes of the answer: the list shows it.
        list.remember(event.conversationId, firstQuestionOf(text, messages, replaces));
        update(userId, { id: event.questionId, local: false });
        if (event.conversationId !== conversationId) {
          setConversationId(event.conversationId);
          setNotFound(false);
          window.history.replaceState(null, '', pathOf(event.conversationId));
        }
      } else if (event.type === 'stage') update(pendingId, { stage: event.stage });
      else if (event.type === 'token') update(pendingId, { content: (draft += event.text) });
      else if (event.type === 'outcome') {
        const { messageId, text: content, outcome: status, answerId, escalationId, citations } = event;
        update(pendingId, { id: messageId, content, status, answerId, escalationId, citations, createdAt: Date.now() / 1000, pending: false, local: false });
      } else if (event.type === 'error' && event.code !== 'index_unavailable' && event.code !== 'model_unavailable') {
        throw new Error(event.message);
      }
    };
    try {
      // After "not yours to open", the question starts a new conversation of the asker's own.
      const filter = language ? { languages: [language] } : undefined;
      await streamAnswer({ question: text, conversationId: notFound ? null : conversationId, replaces, filter }, controller.signal, onEvent);
    } catch (caught) {
      if (caught instanceof StoppedByAsker) {
        // The server records it as stopped, with what had been written; the thread shows the same.
        update(pendingId, { pending: false, status: 'stopped', content: draft, local: true });
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
        setMessages((current) => current.filter((message) => message.id !== pendingId));
        if (replaces) {
          // The turn it was to replace was dropped from view; the server still has it.
          streamedInto.current = null;
          setReloads((count) => count + 1);
        }
      }
    } finally {
      answering.current = null;
      setBusy(false);
      // Back to the question box, unless the asker went on to type somewhere else (a rename).
      const active = document.activeElement;
      if (!active || active === document.body || active.closest('.composer, .thread')) input.current?.focus();
    }
  };

  const lastUser = messages.findLast((message) => message.role === 'user');
  const last = messages.at(-1);
  const canChange = mine && !busy && lastUser && !lastUser.local;
  return (
    <div className="chat">
      <ConversationList
        conversations={list.items}
        current={conversationId}
        signedIn={list.signedIn}
        onSelect={(id) => open(id, true)}
        onRename={list.rename}
        onDelete={async (id) => {
          // Stopped first: an answer still running must not write into a deleted conversation.
          if (id === conversationId) answering.current?.abort();
          await list.remove(id);
          if (id === conversationId) open(null, true);
        }}
      />
      <section aria-label="Conversation">
        <SyncBanner />
        <UploadPanel />
        <div className="thread" aria-live="polite">
          {notFound ? (
            <p className="notice" role="alert">
              This conversation does not exist, or it is not yours to open. Start a new one below.
            </p>
          ) : messages.length === 0 ? (
            <p className="muted">Ask about a policy or procedure. Answers quote the documents and cite them; when Docent is not sure, a person answers.</p>
          ) : null}
          {messages.map((message) => (
            <MessageView key={message.id} message={message} readOnly={!mine}>
              {message.pending || message.local ? null : message.role === 'assistant' ? (
                <MessageActions
                  text={message.content}
                  onRegenerate={canChange && message === last ? () => void ask(lastUser.content, lastUser.id) : undefined}
                />
              ) : message === lastUser && canChange ? (
                <MessageActions
                  text=""
                  onEdit={() => {
                    setQuestion(message.content);
                    setEditing(message.id);
                    input.current?.focus();
                  }}
                />
              ) : null}
            </MessageView>
          ))}
          <div ref={threadEnd} />
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {mine ? (
          <Composer
            question={question}
            onChange={setQuestion}
            onSend={() => void ask(question, editing)}
            onStop={stop}
            busy={busy}
            editing={editing !== null}
            onCancelEdit={() => {
              setEditing(null);
              setQuestion('');
            }}
            input={input}
          >
            <LanguageFilter languages={languages} language={language} onChange={setLanguage} />
          </Composer>
        ) : (
          <p className="notice small">You are reading this conversation as a reviewer of its questions; only the person who asked can continue it.</p>
        )}
      </section>
    </div>
  );
}

/** Ids for a question and its answer until the server names them. */
function localIds() {
  const now = Date.now() / 1000;
  return { now, userId: `local-user-${now}`, pendingId: `local-answer-${now}` };
}

/** The conversation's title in the list: its first question (also when that is the one being edited). */
function firstQuestionOf(asked: string, messages: ChatMessage[], replaces: string | null): string {
  const first = messages.find((message) => message.role === 'user');
  return !first || first.id === replaces ? asked : first.content;
}

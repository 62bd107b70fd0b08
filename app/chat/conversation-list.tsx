'use client';

import { type FormEvent, useState } from 'react';
import type { ListedConversation } from './use-conversations';

interface Props {
  conversations: ListedConversation[];
  current: string | null;
  onSelect: (id: string | null) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  /** Where the list comes from, for the person reading it. */
  signedIn: boolean | null;
}

/** The asker's conversations: open one, start a new one, rename or delete one (deleting also removes it from the answer log). */
export function ConversationList({ conversations, current, onSelect, onRename, onDelete, signedIn }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };
  const submitRename = (event: FormEvent, id: string) => {
    event.preventDefault();
    void act(async () => {
      await onRename(id, title.trim());
      setEditing(null);
    });
  };
  return (
    <aside aria-label="Conversations">
      <div className="conversations">
        <button type="button" className="button" onClick={() => onSelect(null)}>
          + New conversation
        </button>
        {signedIn === false && conversations.length > 0 ? <p className="small muted kept-here">Kept in this browser.</p> : null}
        <ul className="conversation-items">
          {conversations.map((conversation) => (
            <li key={conversation.id} className="conversation-item">
              {editing === conversation.id ? (
                <form className="rename" onSubmit={(event) => submitRename(event, conversation.id)}>
                  <label htmlFor={`title-${conversation.id}`} className="visually-hidden">
                    New title
                  </label>
                  <input
                    id={`title-${conversation.id}`}
                    value={title}
                    maxLength={120}
                    onChange={(event) => setTitle(event.target.value)}
                    onKeyDown={(event) => {
                      if (event.key !== 'Escape') return;
                      // Closes the rename only (the chat's Esc would also stop an answer).
                      event.preventDefault();
                      setEditing(null);
                    }}
                    autoFocus
                  />
                  <button type="submit" className="button small" disabled={!title.trim()}>
                    Save
                  </button>
                  <button type="button" className="button small" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <a
                  href={`/c/${conversation.id}`}
                  aria-current={conversation.id === current ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    onSelect(conversation.id);
                  }}
                >
                  {conversation.title}
                </a>
              )}
              {confirming === conversation.id ? (
                <span className="confirm" role="group" aria-label={`Delete “${conversation.title}”?`}>
                  <button
                    type="button"
                    className="button small danger"
                    onClick={() => void act(() => onDelete(conversation.id)).then(() => setConfirming(null))}
                  >
                    Delete
                  </button>
                  <button type="button" className="button small" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : editing !== conversation.id ? (
                <span className="item-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Rename “${conversation.title}”`}
                    onClick={() => {
                      setTitle(conversation.title);
                      setEditing(conversation.id);
                    }}
                  >
                    ✎
                  </button>
                  <button type="button" className="icon-button" aria-label={`Delete “${conversation.title}”`} onClick={() => setConfirming(conversation.id)}>
                    ×
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {error ? (
          <p className="error small" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </aside>
  );
}

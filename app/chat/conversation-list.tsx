export interface StoredConversation {
  id: string;
  title: string;
}

/** The conversations this browser remembers, and a new one; `null` is a new conversation. */
export function ConversationList({
  conversations,
  current,
  onSelect,
}: {
  conversations: StoredConversation[];
  current: string | null;
  onSelect: (id: string | null) => void;
}) {
  return (
    <aside aria-label="Conversations">
      <div className="conversations">
        <button type="button" className="button" onClick={() => onSelect(null)}>
          + New conversation
        </button>
        {conversations.map((conversation) => (
          <button key={conversation.id} type="button" aria-current={conversation.id === current ? 'true' : undefined} onClick={() => onSelect(conversation.id)}>
            {conversation.title}
          </button>
        ))}
      </div>
    </aside>
  );
}

import { Chat } from './chat/chat';

export default function ChatPage() {
  return (
    <>
      <h1 className="visually-hidden">Ask Docent</h1>
      <Chat initialId={null} />
    </>
  );
}

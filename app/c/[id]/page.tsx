import { notFound } from 'next/navigation';
import { Chat } from '../../chat/chat';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /c/<conversation id>: the chat with that conversation open (the API decides whether this viewer may read it). */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <>
      <h1 className="visually-hidden">Ask Docent</h1>
      <Chat key={id} initialId={id.toLowerCase()} />
    </>
  );
}

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { InvalidRequestError, NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const query = z.object({ after: z.coerce.number().min(0).optional() });

/** GET /api/conversations/:id[?after=<unix seconds>]: the messages, including reviewed answers delivered later. */
export const GET = route<{ id: string }>('chat', async (request, { runtime, viewer, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new InvalidRequestError('invalid_conversation_id', 'A conversation id is a UUID.');
  const { after } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { conversations } = runtime.assistant;
  if (!conversations.exists(id.data)) throw new NotFoundError('not_found', 'There is no such conversation.');
  runtime.assistant.checkConversation(viewer, id.data);
  // Read again with the asker's access as it is now: an answer quoting a folder they may no longer read is not shown.
  const messages = runtime.assistant.visibleMessages(viewer, conversations.messages(id.data, { afterTime: after }));
  return Response.json({
    conversationId: id.data,
    messages: messages.map((message) => ({
      id: message.id,
      role: message.role,
      content: message.content,
      status: message.status,
      answerId: message.answerId,
      escalationId: message.escalationId,
      citations: message.citations,
      createdAt: message.createdAt,
    })),
  });
});

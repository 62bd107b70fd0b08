import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { MAX_TITLE } from '@/lib/answer/conversations';
import { InvalidRequestError } from '@/lib/errors';
import { readJson } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

const query = z.object({ after: z.coerce.number().min(0).optional() });
const renameRequest = z.object({ title: z.string().trim().min(1, 'A title cannot be empty.').max(MAX_TITLE) }).strict();

function conversationId(params: { id: string }): string {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new InvalidRequestError('invalid_conversation_id', 'A conversation id is a UUID.');
  return id.data;
}

/**
 * GET /api/conversations/:id[?after=<unix seconds>]: the messages, including reviewed answers delivered
 * later, for its owner (a signed-in user, or the browser that started it) and reviewers of its spaces.
 */
export const GET = route<{ id: string }>('chat', async (request, { runtime, viewer, params }) => {
  const id = conversationId(params);
  const { after } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { title, right, messages } = runtime.assistant.access.open(viewer, id, after);
  return Response.json({
    conversationId: id,
    title,
    mine: right === 'owner',
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

/** PATCH /api/conversations/:id {title}: renames one of the viewer's conversations. */
export const PATCH = route<{ id: string }>('chat', async (request, { runtime, viewer, params }) => {
  const id = conversationId(params);
  const body = await readJson(request, renameRequest, runtime.config.web.maxBodyBytes);
  runtime.assistant.access.rename(viewer, id, body.title);
  return Response.json({ conversationId: id, title: body.title });
});

/** DELETE /api/conversations/:id: deletes one of the viewer's conversations with its answer log entries (as `npm run forget`). */
export const DELETE = route<{ id: string }>('chat', async (_request, { runtime, viewer, params }) => {
  return Response.json(runtime.assistant.forgetFor(viewer, conversationId(params)));
});

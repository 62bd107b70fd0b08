import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { NotFoundError } from '@/lib/errors';
import { readJson } from '@/lib/web/http';

const action = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }).strict(),
  z.object({ action: z.literal('edit'), content: z.string().trim().min(1).max(20_000) }).strict(),
  z.object({ action: z.literal('write'), content: z.string().trim().min(1).max(20_000) }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }).strict(),
]);

/** GET /api/escalations/:id: one escalation (with `askers`, how many conversations asked it), its review trail and each asker's wording. */
export const GET = route<{ id: string }>('reviewer', async (_request, { runtime, params }) => {
  const { escalations } = runtime.assistant;
  const escalation = escalations.get(params.id);
  if (!escalation) throw new NotFoundError('not_found', 'There is no such escalation.');
  const asked = escalations.askers(params.id).map((asker) => ({ question: asker.question, askedAt: asker.askedAt }));
  return Response.json({ escalation, actions: escalations.actions(params.id), asked });
});

/** POST /api/escalations/:id: approve the draft, edit it, write an answer, or reject with a reason. */
export const POST = route<{ id: string }>('reviewer', async (request, { runtime, user, params }) => {
  const body = await readJson(request, action, runtime.config.web.maxBodyBytes);
  const result = await runtime.assistant.review(params.id, {
    action: body.action,
    actor: user!.email,
    content: 'content' in body ? body.content : undefined,
    reason: 'reason' in body ? body.reason : undefined,
  });
  return Response.json(result);
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';

/** More spaces the reviewed answer belongs to, narrowing who may see it. */
const spaces = z.array(z.string().trim().min(1).max(64)).max(20).optional();

const action = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), spaces }).strict(),
  z.object({ action: z.literal('edit'), content: z.string().trim().min(1).max(20_000), spaces }).strict(),
  z.object({ action: z.literal('write'), content: z.string().trim().min(1).max(20_000), spaces }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }).strict(),
  z.object({ action: z.literal('handoff'), space: z.string().trim().min(1).max(64) }).strict(),
]);

/** GET /api/escalations/:id: one escalation (with `askers`, how many conversations asked it), its review trail and each asker's wording. */
export const GET = route<{ id: string }>('reviewer', async (_request, { runtime, viewer, params }) =>
  Response.json(runtime.assistant.reviews.item(viewer, params.id)),
);

/** POST /api/escalations/:id: approve the draft, edit it, write an answer, reject with a reason, or hand it to another space. */
export const POST = route<{ id: string }>('reviewer', async (request, { runtime, user, viewer, params }) => {
  const body = await readJson(request, action, runtime.config.web.maxBodyBytes);
  if (body.action === 'handoff') return Response.json({ escalation: runtime.assistant.reviews.handOff(viewer, params.id, body.space, user!.email) });
  const result = await runtime.assistant.reviews.decide(params.id, {
    action: body.action,
    actor: user!.email,
    viewer,
    content: 'content' in body ? body.content : undefined,
    reason: 'reason' in body ? body.reason : undefined,
    spaces: 'spaces' in body ? body.spaces : undefined,
  });
  return Response.json(result);
});

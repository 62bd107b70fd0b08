import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';

const changes = z
  .object({ question: z.string().trim().min(1).max(2000).optional(), answer: z.string().trim().min(1).max(20_000).optional() })
  .strict()
  .refine((value) => value.question !== undefined || value.answer !== undefined, 'Change the question or the answer.');

/** PATCH /api/curated/:id: edit a reviewed answer (its index entry is rewritten). */
export const PATCH = route<{ id: string }>('reviewer', async (request, { runtime, user, viewer, params }) => {
  const body = await readJson(request, changes, runtime.config.web.maxBodyBytes);
  return Response.json({ curated: await runtime.assistant.reviews.updateCurated(params.id, body, user!.email, viewer) });
});

/** DELETE /api/curated/:id: remove a reviewed answer from the knowledge base. */
export const DELETE = route<{ id: string }>('reviewer', async (_request, { runtime, user, viewer, params }) => {
  await runtime.assistant.reviews.deleteCurated(params.id, user!.email, viewer);
  return new Response(null, { status: 204 });
});

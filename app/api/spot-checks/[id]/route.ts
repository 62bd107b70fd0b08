import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';

const verdict = z
  .object({
    verdict: z.enum(['right', 'wrong']),
    note: z.string().trim().max(2000).optional(),
    correction: z.string().trim().min(1).max(20_000).optional(),
  })
  .strict();

/** POST /api/spot-checks/:id: mark a sampled answer right or wrong; a correction becomes a reviewed answer. */
export const POST = route<{ id: string }>('reviewer', async (request, { runtime, user, viewer, params }) => {
  const body = await readJson(request, verdict, runtime.config.web.maxBodyBytes);
  return Response.json({ check: await runtime.assistant.reviews.decideSpotCheck(params.id, { ...body, actor: user!.email, viewer }) });
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['open', 'answered', 'rejected', 'handled']).default('open'),
  order: z.enum(['newest', 'oldest']).default('newest'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/escalations?status=open|handled&order=newest|oldest: the review queue; each item counts its `askers`. */
export const GET = route('reviewer', async (request, { runtime }) => {
  const filter = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { escalations } = runtime.assistant;
  return Response.json({ counts: escalations.counts(), escalations: escalations.list(filter) });
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['open', 'answered', 'rejected', 'handled']).default('open'),
  order: z.enum(['newest', 'oldest']).default('newest'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/escalations?status=open|handled&order=newest|oldest: the reviewer's spaces' queue; each item counts its `askers`. */
export const GET = route('reviewer', async (request, { runtime, viewer }) => {
  const filter = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(runtime.assistant.reviews.queue(viewer, filter));
});

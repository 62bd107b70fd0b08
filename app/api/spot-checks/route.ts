import { z } from 'zod';
import { route } from '@/app/_server/handler';

export const dynamic = 'force-dynamic';

const query = z.object({ status: z.enum(['open', 'right', 'wrong']).optional() });

/** GET /api/spot-checks[?status=open]: answered questions sampled for the reviewer's spaces (their precision is on GET /api/status). */
export const GET = route('reviewer', async (request, { runtime, viewer }) => {
  const { status } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(runtime.assistant.reviews.spotChecks(viewer, status));
});

import { route } from '@/app/_server/handler';
import { dashboard } from '@/lib/web/dashboard';

export const dynamic = 'force-dynamic';

/** GET /api/status: documents by status with reasons, freshness, chart series, generations. */
export const GET = route('reviewer', async (_request, { runtime }) => {
  await runtime.services.refresh();
  return Response.json(await dashboard(runtime.services, runtime.assistant.answerLog));
});

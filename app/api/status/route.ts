import { route } from '@/app/_server/handler';
import { dashboard } from '@/lib/web/dashboard';

export const dynamic = 'force-dynamic';

/** GET /api/status: documents by status with reasons, freshness, chart series, generations. */
export const GET = route('reviewer', async (_request, { runtime, viewer }) => {
  await runtime.services.refresh();
  const { assistant } = runtime;
  const board = await dashboard(runtime.services, assistant.answerLog, assistant.spaces.readerFor(viewer));
  const spaces = assistant.reviews.precision(viewer);
  return Response.json({ ...board, spot_checks: { min_precision: runtime.config.answers.spotChecks.minPrecision, spaces } });
});

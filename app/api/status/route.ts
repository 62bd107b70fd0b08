import { route } from '@/app/_server/handler';
import { dashboard } from '@/lib/web/dashboard';

export const dynamic = 'force-dynamic';

/** GET /api/status: documents by status with reasons, freshness, chart series, generations. */
export const GET = route('reviewer', async (_request, { runtime, viewer }) => {
  await runtime.services.refresh();
  const { assistant } = runtime;
  const board = await dashboard(runtime.services, assistant.answerLog, (doc) => assistant.spaces.canReadDocument(viewer, doc));
  const { precision } = assistant.reviews.spotChecks(viewer, 'open');
  return Response.json({ ...board, spot_checks: { min_precision: runtime.config.answers.spotChecks.minPrecision, spaces: precision } });
});

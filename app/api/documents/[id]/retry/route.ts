import { route } from '@/app/_server/handler';
import { requestRetry } from '@/lib/web/documents';

/** POST /api/documents/:id/retry: read a quarantined document again (the running pipeline does it). */
export const POST = route<{ id: string }>('admin', async (_request, { runtime, params }) => {
  const doc = requestRetry(runtime.services, params.id);
  return Response.json({ id: doc.id, path: doc.path, queued: true }, { status: 202 });
});

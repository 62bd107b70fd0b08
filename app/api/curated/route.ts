import { route } from '@/app/_server/handler';

export const dynamic = 'force-dynamic';

/** GET /api/curated: reviewed answers (active and stale). */
export const GET = route('reviewer', async (_request, { runtime, viewer }) => Response.json({ curated: runtime.assistant.reviews.curatedFor(viewer) }));

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';
import { reindexState, startReindex } from '@/lib/web/reindex-trigger';

export const dynamic = 'force-dynamic';

/** GET /api/reindex: whether a reindex started here is running, and how the last one ended (admin). */
export const GET = route('admin', async (_request, { runtime }) => Response.json(reindexState(runtime.config, runtime.services.db)));

/** POST /api/reindex: start a reindex (new generation, gate, switch) in the background (admin). */
export const POST = route('admin', async (request, { runtime }) => {
  const body = await readJson(request, z.object({ force: z.boolean().default(false) }).strict(), runtime.config.web.maxBodyBytes);
  return Response.json(startReindex(runtime.config, runtime.services.db, body), { status: 202 });
});

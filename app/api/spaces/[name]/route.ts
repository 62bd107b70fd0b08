import { route } from '@/app/_server/handler';
import { spaceJson } from '@/lib/spaces/space-store';
import { readJson } from '@/lib/web/http';
import { spaceChanges } from '../space-body';

export const dynamic = 'force-dynamic';

/** PATCH /api/spaces/:name: change readers, owners, public, webhook (applies to indexed documents at once). */
export const PATCH = route<{ name: string }>('admin', async (request, { runtime, user, params }) => {
  const body = await readJson(request, spaceChanges.strict(), runtime.config.web.maxBodyBytes);
  return Response.json({ space: spaceJson(runtime.assistant.spaces.store.set(decodeURIComponent(params.name), body, user!.email)) });
});

/** DELETE /api/spaces/:name: remove a space; its folder stays readable by admins only until a space grants it again. */
export const DELETE = route<{ name: string }>('admin', async (_request, { runtime, user, params }) => {
  return Response.json({ space: spaceJson(runtime.assistant.spaces.store.remove(decodeURIComponent(params.name), user!.email)) });
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { hasRole } from '@/lib/auth/session';
import { spaceJson } from '@/lib/spaces/space-store';
import { readJson } from '@/lib/web/http';
import { spaceChanges } from './space-body';

export const dynamic = 'force-dynamic';

/** GET /api/spaces: every space with its readers and owners for admins; names and folders for reviewers (to hand items on). */
export const GET = route('reviewer', async (_request, { runtime, user }) => {
  const { store } = runtime.assistant.spaces;
  const spaces = store.list();
  if (!hasRole(user, 'admin')) return Response.json({ spaces: spaces.filter((space) => !space.removed).map(({ name, folder }) => ({ name, folder })) });
  return Response.json({ spaces: spaces.map(spaceJson), audit: store.auditTrail(50) });
});

const addBody = spaceChanges.extend({ name: z.string().trim().min(1).max(64), folder: z.string().max(500), root: z.string().max(4096).nullish() }).strict();

/** POST /api/spaces: add a space on a folder (relative to a watched root). */
export const POST = route('admin', async (request, { runtime, user }) => {
  const body = await readJson(request, addBody, runtime.config.web.maxBodyBytes);
  const space = runtime.assistant.spaces.store.add({ ...body, root: body.root ?? null }, user!.email);
  return Response.json({ space: spaceJson(space) }, { status: 201 });
});

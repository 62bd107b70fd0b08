import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

const newUser = z.object({ email: z.string().trim().min(3).max(320), role: z.enum(['reviewer', 'admin']), password: z.string().min(1).max(1024) }).strict();

/** GET /api/users: accounts (admin). */
export const GET = route('admin', async (_request, { runtime }) =>
  Response.json({
    users: runtime.users.list().map((user) => ({ email: user.email, role: user.role, created_at: new Date(user.createdAt * 1000).toISOString() })),
  }),
);

/** POST /api/users: a new reviewer or admin (admin). */
export const POST = route('admin', async (request, { runtime }) => {
  const body = await readJson(request, newUser, runtime.config.web.maxBodyBytes);
  const user = runtime.users.create(body.email, body.role, body.password);
  return Response.json({ email: user.email, role: user.role }, { status: 201 });
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { ROLES } from '@/lib/auth/users';
import { readJson } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

// Group names are checked (and lowercased) by the user store; this only bounds the request.
const newUser = z
  .object({
    email: z.string().trim().min(3).max(320),
    role: z.enum(ROLES),
    password: z.string().min(1).max(1024),
    groups: z.array(z.string().max(200)).max(100).optional(),
  })
  .strict();

/** GET /api/users: accounts (admin). */
export const GET = route('admin', async (_request, { runtime }) =>
  Response.json({
    users: runtime.users
      .list()
      .map((user) => ({ email: user.email, role: user.role, groups: user.groups, created_at: new Date(user.createdAt * 1000).toISOString() })),
  }),
);

/** POST /api/users: a new asker, reviewer or admin, optionally in groups (admin). */
export const POST = route('admin', async (request, { runtime }) => {
  const body = await readJson(request, newUser, runtime.config.web.maxBodyBytes);
  const user = runtime.users.create(body.email, body.role, body.password, body.groups);
  return Response.json({ email: user.email, role: user.role, groups: user.groups }, { status: 201 });
});

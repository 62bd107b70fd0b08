import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { ROLES, type User } from '@/lib/auth/users';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { readJson } from '@/lib/web/http';

const changes = z
  .object({ role: z.enum(ROLES).optional(), groups: z.array(z.string().max(200)).max(100).optional() })
  .strict()
  .refine((value) => value.role !== undefined || value.groups !== undefined, 'Change the role or the groups.');

/** Whether `email` names the admin's own account, matched as the user store matches emails (trimmed, any case). */
const isSelf = (user: User, email: string) => email.trim().toLowerCase() === user.email;

/** PATCH /api/users/:email: a new role (not your own; it ends their sessions) and/or groups (admin). */
export const PATCH = route<{ email: string }>('admin', async (request, { runtime, user, params }) => {
  const email = decodeURIComponent(params.email);
  const body = await readJson(request, changes, runtime.config.web.maxBodyBytes);
  // An admin demoting themselves could leave nobody to undo it.
  if (body.role !== undefined && isSelf(user!, email) && body.role !== user!.role) {
    throw new ConflictError('cannot_change_own_role', 'You cannot change your own role.');
  }
  const account = runtime.users.update(email, body);
  if (!account) throw new NotFoundError('not_found', `There is no user ${email}.`);
  return Response.json({ email: account.email, role: account.role, groups: account.groups });
});

/** DELETE /api/users/:email (admin; not yourself). */
export const DELETE = route<{ email: string }>('admin', async (_request, { runtime, user, params }) => {
  const email = decodeURIComponent(params.email);
  if (isSelf(user!, email)) throw new ConflictError('cannot_remove_self', 'You cannot remove your own account.');
  if (!runtime.users.remove(email)) throw new NotFoundError('not_found', `There is no user ${email}.`);
  return new Response(null, { status: 204 });
});

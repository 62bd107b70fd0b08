import { route } from '@/app/_server/handler';
import { ConflictError, NotFoundError } from '@/lib/errors';

/** DELETE /api/users/:email (admin; not yourself). */
export const DELETE = route<{ email: string }>('admin', async (_request, { runtime, user, params }) => {
  const email = decodeURIComponent(params.email);
  if (email.toLowerCase() === user!.email) throw new ConflictError('cannot_remove_self', 'You cannot remove your own account.');
  if (!runtime.users.remove(email)) throw new NotFoundError('not_found', `There is no user ${email}.`);
  return new Response(null, { status: 204 });
});

import { route } from '@/app/_server/handler';
import { HttpError } from '@/lib/web/http';

/** DELETE /api/users/:email (admin; not yourself). */
export const DELETE = route<{ email: string }>('admin', async (_request, { runtime, user, params }) => {
  const email = decodeURIComponent(params.email);
  if (email.toLowerCase() === user!.email) throw new HttpError(409, 'cannot_remove_self', 'You cannot remove your own account.');
  if (!runtime.users.remove(email)) throw new HttpError(404, 'not_found', `There is no user ${email}.`);
  return new Response(null, { status: 204 });
});

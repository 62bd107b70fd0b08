import { route } from '@/app/_server/handler';
import { HttpError } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

/** GET /api/auth/me: the signed-in account, or 401. */
export const GET = route('public', async (_request, { user }) => {
  if (!user) throw new HttpError(401, 'unauthenticated', 'Not signed in.');
  return Response.json({ email: user.email, role: user.role });
});

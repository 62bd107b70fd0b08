import { route } from '@/app/_server/handler';
import { UnauthenticatedError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** GET /api/auth/me: the signed-in account, or 401. */
export const GET = route('public', async (_request, { user }) => {
  if (!user) throw new UnauthenticatedError('unauthenticated', 'Not signed in.');
  return Response.json({ email: user.email, role: user.role });
});

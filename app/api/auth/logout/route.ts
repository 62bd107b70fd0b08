import { route } from '@/app/_server/handler';
import { sessionCookie } from '@/lib/auth/session';

/** POST /api/auth/logout: clears the session cookie. */
export const POST = route('public', async (request) => new Response(null, { status: 204, headers: { 'set-cookie': sessionCookie('', 0, request) } }));

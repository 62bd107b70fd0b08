import { route } from '@/app/_server/handler';

export const dynamic = 'force-dynamic';

/** GET /api/conversations: a signed-in person's conversations, newest first (anonymous askers keep theirs in the browser). */
export const GET = route('chat', async (_request, { runtime, viewer }) => {
  return Response.json({ conversations: runtime.assistant.access.history(viewer), signedIn: viewer.kind === 'person' });
});

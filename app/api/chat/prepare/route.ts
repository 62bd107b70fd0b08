import { route } from '@/app/_server/handler';
import { prepareAnswering } from '@/lib/web/runtime';

export const dynamic = 'force-dynamic';

/** POST /api/chat/prepare: someone is about to ask (the question box got focus); the embedder starts loading. */
export const POST = route('chat', async (_request, { runtime }) => {
  prepareAnswering(runtime);
  return new Response(null, { status: 204 });
});

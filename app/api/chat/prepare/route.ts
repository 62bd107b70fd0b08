import { route } from '@/app/_server/handler';
import { ForbiddenError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/**
 * POST /api/chat/prepare: someone is about to ask (the question box got focus); the embedder loads, the
 * classifier embeds its examples and the language detector loads. A page on another site may not make the server load a model (browsers say where a
 * request comes from in Sec-Fetch-Site; a client without it, such as curl, is not a page).
 */
export const POST = route('chat', async (request, { runtime }) => {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') throw new ForbiddenError('cross_site', 'Only the chat page may prepare an answer.');
  await runtime.assistant.prepare();
  return new Response(null, { status: 204 });
});

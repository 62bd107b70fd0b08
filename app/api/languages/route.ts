import { route } from '@/app/_server/handler';
import { readableLanguages } from '@/lib/web/languages';

export const dynamic = 'force-dynamic';

/** GET /api/languages: the languages of the documents the asker may read, for the chat's language filter. */
export const GET = route('chat', async (_request, { runtime, viewer }) => {
  await runtime.services.refresh();
  const { services, assistant } = runtime;
  return Response.json({ languages: readableLanguages(services.registry, assistant.spaces.readerFor(viewer)) });
});

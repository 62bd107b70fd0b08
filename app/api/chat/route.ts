import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';
import { answerStream } from '@/lib/web/chat';

export const dynamic = 'force-dynamic';

const chatRequest = z
  .object({
    question: z.string().trim().min(1, 'Ask a question.').max(2000, 'Questions are limited to 2000 characters.'),
    conversationId: z.uuid().nullish(),
    replaces: z.uuid().nullish(),
    filter: z
      .object({
        pathPrefix: z.string().max(500).optional(),
        fileTypes: z
          .array(z.enum(['pdf', 'docx', 'html', 'markdown', 'text']))
          .max(5)
          .optional(),
        tags: z.array(z.string().max(200)).max(20).optional(),
        languages: z
          .array(z.string().regex(/^([a-z]{2}|und)$/, 'Languages are ISO 639-1 codes such as "de", or "und".'))
          .max(20)
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** POST /api/chat: the answer workflow's events as NDJSON, streamed as they happen; `replaces` names the question an edit or a regeneration replaces. */
export const POST = route('chat', async (request, { runtime, viewer, browserCookie }) => {
  const body = await readJson(request, chatRequest, runtime.config.web.maxBodyBytes);
  runtime.assistant.checkConversation(viewer, body.conversationId);
  const headers = new Headers({ 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  // A browser's first question starts a conversation only that browser may open again.
  if (browserCookie) headers.set('set-cookie', browserCookie);
  return new Response(answerStream(runtime, { ...body, viewer, signal: request.signal }), { headers });
});

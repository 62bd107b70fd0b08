import { route } from '@/app/_server/handler';
import { documentView } from '@/lib/web/documents';

export const dynamic = 'force-dynamic';

/** GET /api/documents/:id: the indexed text of a document and its sanitised rendering, for the source viewer (by id only). */
export const GET = route<{ id: string }>('chat', async (_request, { runtime, viewer, params }) =>
  Response.json(await documentView(runtime.services, params.id, runtime.assistant.spaces.readerFor(viewer))),
);

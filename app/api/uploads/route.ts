import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { watchedRoot } from '@/lib/uploads/folders';
import { type UploadContext, receiveUpload, uploadOptions } from '@/lib/uploads/uploads';
import type { WebRuntime } from '@/lib/web/runtime';

export const dynamic = 'force-dynamic';

const context = (runtime: WebRuntime): UploadContext => ({
  root: watchedRoot(runtime.config.watchDir),
  access: runtime.assistant.spaces.access(),
  maxBytes: runtime.config.web.uploadMaxBytes,
  log: runtime.log,
});

/**
 * GET /api/uploads: the folders the viewer may add documents to (none: the chat shows no upload
 * control), the size limit and the file types. Open as the chat is: every chat page asks, and for
 * someone not signed in the answer is simply no folders (not a 401 in every visitor's console).
 */
export const GET = route('chat', async (_request, { runtime, viewer }) => Response.json(await uploadOptions(context(runtime), viewer)));

const query = z.object({
  folder: z.string().max(4096).default(''),
  name: z.string().min(1).max(1024),
  overwrite: z.enum(['0', '1']).default('0'),
});

/**
 * PUT /api/uploads?folder=<folder>&name=<name>[&overwrite=1] with the file's bytes as the body
 * (streamed to disk, never buffered): 201 with the document id the watcher will index it under.
 */
export const PUT = route('asker', async (request, { runtime, user, viewer }) => {
  const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const length = request.headers.get('content-length');
  const result = await receiveUpload(context(runtime), {
    viewer,
    who: user!.email,
    folder: params.folder,
    name: params.name,
    overwrite: params.overwrite === '1',
    declaredBytes: length === null || !/^\d+$/.test(length) ? null : Number(length),
    body: request.body,
  });
  return Response.json(result, { status: 201 });
});

import fs from 'node:fs';
import { route } from '@/app/_server/handler';
import { sourceFile } from '@/lib/web/documents';

export const dynamic = 'force-dynamic';

/**
 * GET /api/documents/:id/source: the original file, by document id only (never a path from the
 * client). PDFs open inline (at a page with #page=N); anything else downloads, so an HTML
 * document can never run in Docent's origin.
 */
export const GET = route<{ id: string }>('chat', async (_request, { runtime, viewer, params }) => {
  const { file, fileType, name } = sourceFile(runtime.services, params.id, runtime.assistant.spaces.readerFor(viewer));
  const body = fs.readFileSync(file);
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'private, max-age=60',
  };
  if (fileType === 'pdf') {
    headers['content-type'] = 'application/pdf';
    headers['content-disposition'] = `inline; filename*=UTF-8''${encodeURIComponent(name)}`;
  } else {
    headers['content-type'] = 'application/octet-stream';
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  return new Response(body, { headers });
});

import { route } from '@/app/_server/handler';
import { apiKeyJson } from '@/lib/api/api-key-store';

export const dynamic = 'force-dynamic';

/** DELETE /api/api-keys/:id: revokes the key at once (admin). */
export const DELETE = route<{ id: string }>('admin', async (_request, { runtime, params }) =>
  Response.json({ revoked: apiKeyJson(runtime.api.keys.revoke(params.id)) }),
);

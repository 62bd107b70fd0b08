import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { MAX_KEY_NAME, apiKeyJson } from '@/lib/api/api-key-store';
import { readJson } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

const newKey = z
  .object({
    email: z.string().trim().min(3).max(320),
    name: z.string().trim().max(MAX_KEY_NAME).optional(),
    rate_per_minute: z.number().int().min(1).max(100_000).nullish(),
  })
  .strict();

/** GET /api/api-keys: every API key, without the keys themselves (admin). */
export const GET = route('admin', async (_request, { runtime }) => Response.json({ keys: runtime.api.keys.list().map(apiKeyJson) }));

/** POST /api/api-keys: a key for a user; the only response that holds the key (admin). */
export const POST = route('admin', async (request, { runtime, user }) => {
  const body = await readJson(request, newKey, runtime.config.web.maxBodyBytes);
  const { key, info } = runtime.api.keys.create({ email: body.email, name: body.name, ratePerMinute: body.rate_per_minute, createdBy: user!.email });
  return Response.json({ key, ...apiKeyJson(info) }, { status: 201, headers: { 'cache-control': 'no-store' } });
});

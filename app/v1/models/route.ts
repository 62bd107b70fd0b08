import { apiRoute } from '@/app/_server/api-handler';

export const dynamic = 'force-dynamic';

/** GET /v1/models: `docent`, and `docent/<space>` for each space the key may read. */
export const GET = apiRoute(async (_request, { runtime, caller }) => {
  const created = Math.floor(runtime.services.generation.createdAt);
  const data = runtime.api.models(caller).map((model) => ({ id: model.id, object: 'model', created, owned_by: 'docent' }));
  return Response.json({ object: 'list', data });
});

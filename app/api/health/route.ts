import { route } from '@/app/_server/handler';
import { describeError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** GET /api/health: 200 while serving; the body says whether the index, the store and the LLM answer. */
export const GET = route('public', async (_request, { runtime }) => {
  const { services, assistant } = runtime;
  await services.refresh().catch(() => false);
  const index = await services.index.health();
  let store: { ok: boolean; detail: string };
  try {
    services.db.prepare('select 1').get();
    store = { ok: true, detail: `SQLite at ${runtime.config.databasePath}` };
  } catch (error) {
    store = { ok: false, detail: describeError(error) };
  }
  const llm = assistant.chatModel ? await assistant.chatModel.health() : { ok: true, detail: 'none configured: extractive answers' };
  return Response.json({
    status: index.ok && store.ok && llm.ok ? 'ok' : 'degraded',
    index: { backend: services.index.backend, generation: services.generation.name, ...index },
    store,
    llm: { provider: runtime.config.llm.provider, ...llm },
    embedder_warning: services.embedderWarning,
  });
});

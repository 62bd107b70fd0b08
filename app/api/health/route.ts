import { route } from '@/app/_server/handler';
import { databaseHealth } from '@/lib/db';

export const dynamic = 'force-dynamic';

/**
 * GET /api/health: 200 while serving; the body says whether the index, the store and the LLM answer,
 * and `status` is "syncing" (with `syncing: {done, total}`) while the start-up sync is reading documents.
 */
export const GET = route('public', async (_request, { runtime }) => {
  const { services, assistant } = runtime;
  // A refresh that fails shows in the index's health below: the report answers regardless.
  await services.refresh().catch(() => false);
  const index = await services.index.health();
  const store = databaseHealth(services.db, runtime.config.databasePath);
  const llm = assistant.chatModel ? await assistant.chatModel.health() : { ok: true, detail: 'none configured: extractive answers' };
  const sync = store.ok ? services.syncProgress() : null;
  const healthy = index.ok && store.ok && llm.ok;
  return Response.json({
    // While the first sync runs, not everything is searchable yet: say so rather than "ok".
    status: !healthy ? 'degraded' : sync ? 'syncing' : 'ok',
    syncing: sync ? { done: sync.done, total: sync.total } : null,
    index: { backend: services.index.backend, generation: services.generation.name, ...index },
    store,
    llm: { provider: runtime.config.llm.provider, ...llm },
    embedder_warning: services.embedderWarning,
    // Read from the database: when it cannot be read, `store` says why.
    terms_warning: store.ok ? services.termsWarning() : null,
  });
});

import { route } from '@/app/_server/handler';
import { UnauthenticatedError } from '@/lib/errors';
import { clientAddress, isLoopback } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

/** GET /api/metrics: Prometheus text, for loopback clients or with `Authorization: Bearer <DOCENT_METRICS_TOKEN>`. */
export const GET = route('public', async (request, { runtime }) => {
  const token = runtime.config.metricsToken;
  const bearer = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '');
  const allowed = (token && bearer === token) || (!bearer && isLoopback(clientAddress(request)));
  if (!allowed) throw new UnauthenticatedError('unauthenticated', 'Metrics are served to loopback clients, or with the bearer token (DOCENT_METRICS_TOKEN).');
  return new Response(await runtime.metrics.registry.metrics(), { headers: { 'content-type': runtime.metrics.registry.contentType } });
});

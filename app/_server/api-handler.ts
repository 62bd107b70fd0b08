import 'server-only';
import type { ApiCaller } from '@/lib/api/docent-api';
import { bearerToken } from '@/lib/api/api-key';
import { openAiErrorResponse } from '@/lib/api/openai-errors';
import { requestOrigin } from '@/lib/auth/oidc';
import { type WebRuntime, webRuntime } from '@/lib/web/runtime';

/**
 * Wraps a route of the OpenAI-compatible API or the MCP endpoint: an API key is always needed
 * (anonymous chat does not reach here), and every error is answered in OpenAI's error shape.
 */
export function apiRoute(handler: (request: Request, context: { runtime: WebRuntime; caller: ApiCaller }) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    let runtime: WebRuntime | null = null;
    try {
      runtime = await webRuntime();
      const caller = runtime.api.authenticate(bearerToken(request.headers.get('authorization')), requestOrigin(request));
      return await handler(request, { runtime, caller });
    } catch (error) {
      return openAiErrorResponse(error, runtime?.log ?? console.error);
    }
  };
}

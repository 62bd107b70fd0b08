import { z } from 'zod';
import { apiRoute } from '@/app/_server/api-handler';
import { chatCompletion } from '@/lib/api/chat-completions';
import { parseChatCompletionRequest } from '@/lib/api/openai-request';
import { readJson } from '@/lib/web/http';

export const dynamic = 'force-dynamic';

/** POST /v1/chat/completions: the last user message asked as the key's user, the earlier ones as the conversation. */
export const POST = apiRoute(async (request, { runtime, caller }) => {
  const body = parseChatCompletionRequest(await readJson(request, z.unknown(), runtime.config.api.maxBodyBytes));
  return chatCompletion({ api: runtime.api, caller, signal: request.signal, log: runtime.log }, body);
});

import { z } from 'zod';
import { route } from '@/app/_server/handler';
import { readJson } from '@/lib/web/http';

const feedbackRequest = z
  .object({
    answerId: z.uuid(),
    rating: z.enum(['up', 'down']),
    comment: z.string().trim().max(2000).optional(),
    sendToReview: z.boolean().optional(),
  })
  .strict();

/** POST /api/feedback: thumbs up or down on an answer; a down-rating may go to the review queue. */
export const POST = route('chat', async (request, { runtime, viewer }) => {
  const body = await readJson(request, feedbackRequest, runtime.config.web.maxBodyBytes);
  const result = runtime.assistant.rate(body.answerId, body, viewer);
  return Response.json(result, { status: 201 });
});

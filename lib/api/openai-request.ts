import crypto from 'node:crypto';
import { z } from 'zod';
import { InvalidParameterError } from '../errors';

// POST /v1/chat/completions as OpenAI's clients send it. Fields Docent does not use (temperature,
// tools, …) are accepted and ignored so that any client works; the ones it reads are checked.

const part = z.looseObject({ type: z.string().max(100), text: z.string().optional() }).refine((value) => value.type !== 'text' || value.text !== undefined, {
  message: 'A text part needs its text.',
  path: ['text'],
});

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(part).max(100)]).nullish(),
  name: z.string().max(200).optional(),
});

export const chatCompletionRequest = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z.array(message).min(1).max(1000),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  // One answer per question: Docent's answer is not sampled, so n > 1 would repeat it.
  n: z.literal(1).nullish(),
  user: z.string().max(500).nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
type RequestMessage = ChatCompletionRequest['messages'][number];

/** A turn of the conversation as the client sent it. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export const MAX_QUESTION_CHARS = 2000;

/** A zod issue's path as OpenAI names parameters: `messages[2].content`. */
export function parameterName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

/** Parses a request body; the first problem becomes an InvalidParameterError naming its field. */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  const parsed = chatCompletionRequest.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = parameterName(issue.path) || 'body';
  throw new InvalidParameterError(param, `${param}: ${issue.message}`);
}

function textOf(content: RequestMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? [])
    .filter((item) => item.type === 'text')
    .map((item) => item.text ?? '')
    .join('\n');
}

/**
 * The question (the last message, the user's) and the turns before it. System and developer
 * messages are left out: Docent answers from the documents by its own rules, which a client's
 * instructions do not change. Tool calls and their results are not turns either.
 */
export function readTranscript(messages: RequestMessage[]): { question: string; prior: Turn[] } {
  const last = messages.length - 1;
  const final = messages[last]!;
  if (final.role !== 'user') throw new InvalidParameterError(`messages[${last}].role`, `messages[${last}].role: the last message must be the user's question.`);
  const question = textOf(final.content).trim();
  if (!question) throw new InvalidParameterError(`messages[${last}].content`, `messages[${last}].content: the question has no text.`);
  if (question.length > MAX_QUESTION_CHARS) {
    throw new InvalidParameterError(`messages[${last}].content`, `messages[${last}].content: questions are limited to ${MAX_QUESTION_CHARS} characters.`);
  }
  const prior = messages
    .slice(0, last)
    .filter((item): item is RequestMessage & Turn => item.role === 'user' || item.role === 'assistant')
    .map((item) => ({ role: item.role, content: textOf(item.content).trim() }))
    .filter((turn) => turn.content);
  return { question, prior };
}

/** The hash that names a history: the same turns, whatever the whitespace, give the same hash. */
export function transcriptHash(turns: Turn[]): string {
  const normalised = turns.map((turn) => [turn.role, turn.content.replace(/\s+/g, ' ').trim()]);
  return crypto.createHash('sha256').update(JSON.stringify(normalised)).digest('hex');
}

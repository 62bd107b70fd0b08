import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation } from '@/lib/answer/events';
import { chunkObject, sseEvent } from '@/lib/api/chat-completions';
import { openAiError } from '@/lib/api/openai-errors';
import { FootnoteStream, type Outcome, footnoteReferences, replyText } from '@/lib/api/openai-format';
import { parameterName, parseChatCompletionRequest, readTranscript, transcriptHash } from '@/lib/api/openai-request';
import { InvalidParameterError, ModelNotFoundError, TooManyRequestsError, UnauthenticatedError } from '@/lib/errors';

const ORIGIN = 'https://docent.example.com';
const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  chunkId: `c${n}`,
  docId: `${n}`.repeat(32).slice(0, 32),
  path: `handbook/doc-${n}.md`,
  root: '/kb',
  title: null,
  page: null,
  heading: 'Leave',
  quote: 'quoted',
  charStart: 0,
  charEnd: 6,
  sourceType: 'document',
  ...extra,
});
const outcome = (extra: Partial<Outcome>): Outcome => ({
  type: 'outcome',
  outcome: 'answered',
  answerId: 'a',
  conversationId: '7d3f0a52-0000-4000-8000-000000000001',
  messageId: 'm',
  questionId: 'q',
  text: '',
  citations: [],
  escalationId: null,
  reason: null,
  ...extra,
});

describe('answers in an OpenAI client', () => {
  it('carry their citations as Markdown footnotes linking to the source viewer', () => {
    const text = replyText(
      outcome({ text: 'You get 25 days [1]. Ask your manager [2].', citations: [citation(1), citation(2, { page: 4, title: 'Guide' })] }),
      ORIGIN,
    );
    expect(text).toBe(
      'You get 25 days [^1]. Ask your manager [^2].\n\n' +
        `[^1]: [handbook/doc-1.md, Leave](${ORIGIN}/sources/${'1'.repeat(32)})\n` +
        `[^2]: [Guide (handbook/doc-2.md), p. 4, Leave](${ORIGIN}/sources/${'2'.repeat(32)})`,
    );
  });

  it('say a person will answer an escalated question, with an absolute link to the conversation', () => {
    const text = replyText(
      outcome({ outcome: 'escalated', reason: 'low_confidence', text: 'A person will answer.', citations: [citation(1)], escalationId: 'e1' }),
      ORIGIN,
    );
    expect(text).toContain('A person will answer.');
    expect(text).toContain(`${ORIGIN}/c/7d3f0a52-0000-4000-8000-000000000001`);
    expect(text).toContain(`Closest passages found:\n- [handbook/doc-1.md, Leave](${ORIGIN}/sources/${'1'.repeat(32)})`);
  });

  it('convert markers split across streamed pieces exactly as whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('[', ']', '1', '12', '[3]', ' ', 'a', '[x]'), fc.string()), { maxLength: 30 }), (pieces) => {
        const stream = new FootnoteStream();
        const streamed = pieces.map((piece) => stream.push(piece)).join('') + stream.end();
        expect(streamed).toBe(footnoteReferences(pieces.join('')));
      }),
    );
  });

  it('stream as OpenAI chunk objects in server-sent events', () => {
    expect(sseEvent(chunkObject('chatcmpl-1', 'docent', 5, { content: 'Hi' }, null))).toBe(
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":5,"model":"docent","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}\n\n',
    );
  });
});

describe('chat completion requests', () => {
  const body = (messages: unknown, extra: object = {}) => ({ model: 'docent', messages, ...extra });

  it('name the offending field, as OpenAI does', () => {
    const param = (value: unknown) => {
      try {
        parseChatCompletionRequest(value);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidParameterError);
        return (error as InvalidParameterError).param;
      }
    };
    expect(param({ messages: [] })).toBe('model');
    expect(param(body([]))).toBe('messages');
    expect(param(body([{ role: 'robot', content: 'x' }]))).toBe('messages[0].role');
    expect(param(body([{ role: 'user', content: 5 }]))).toBe('messages[0].content');
    expect(param(body([{ role: 'user', content: [{ type: 'text' }] }]))).toBe('messages[0].content[0].text');
    expect(param(body([{ role: 'user', content: 'x' }], { n: 2 }))).toBe('n');
    expect(param(body([{ role: 'user', content: 'x' }], { stream: 'yes' }))).toBe('stream');
    expect(param([1])).toBe('body');
    // Fields Docent does not use are accepted.
    expect(param(body([{ role: 'user', content: 'x' }], { temperature: 0.2, tools: [], max_tokens: 5 }))).toBeNull();
    expect(parameterName(['messages', 3, 'content', 0, 'text'])).toBe('messages[3].content[0].text');
  });

  it('read the question from the last message and the history from the others', () => {
    const request = parseChatCompletionRequest(
      body([
        { role: 'system', content: 'You are a pirate.' },
        { role: 'user', content: 'How many vacation days?' },
        { role: 'assistant', content: 'You get 25 days [^1].' },
        { role: 'tool', content: 'ignored', tool_call_id: 't' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And for part-time staff?' },
            { type: 'image_url', image_url: { url: 'x' } },
          ],
        },
      ]),
    );
    expect(readTranscript(request.messages)).toEqual({
      question: 'And for part-time staff?',
      prior: [
        { role: 'user', content: 'How many vacation days?' },
        { role: 'assistant', content: 'You get 25 days [^1].' },
      ],
    });
    expect(() =>
      readTranscript(
        parseChatCompletionRequest(
          body([
            { role: 'user', content: 'q' },
            { role: 'assistant', content: 'a' },
          ]),
        ).messages,
      ),
    ).toThrow(expect.objectContaining({ param: 'messages[1].role' }));
    expect(() => readTranscript(parseChatCompletionRequest(body([{ role: 'user', content: '   ' }])).messages)).toThrow(
      expect.objectContaining({ param: 'messages[0].content' }),
    );
    expect(() => readTranscript(parseChatCompletionRequest(body([{ role: 'user', content: 'x'.repeat(2001) }])).messages)).toThrow(
      expect.objectContaining({ param: 'messages[0].content' }),
    );
  });

  it('name a history by its turns, whatever the whitespace', () => {
    const a = transcriptHash([{ role: 'user', content: 'How many  days?\n' }]);
    expect(transcriptHash([{ role: 'user', content: 'How many days?' }])).toBe(a);
    expect(transcriptHash([{ role: 'assistant', content: 'How many days?' }])).not.toBe(a);
    expect(transcriptHash([{ role: 'user', content: 'How many weeks?' }])).not.toBe(a);
  });
});

describe('errors in OpenAI shape', () => {
  const log: string[] = [];
  const shape = (error: unknown) => openAiError(error, (message) => log.push(message));

  it('map Docent errors to status, type, param and code', () => {
    expect(shape(new UnauthenticatedError('invalid_api_key', 'bad key'))).toEqual({
      status: 401,
      body: { error: { message: 'bad key', type: 'authentication_error', param: null, code: 'invalid_api_key' } },
      headers: {},
    });
    expect(shape(new ModelNotFoundError('gpt-4'))).toMatchObject({ status: 404, body: { error: { param: 'model', code: 'model_not_found' } } });
    expect(shape(new TooManyRequestsError('rate_limit_exceeded', 'slow down', 7))).toMatchObject({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
    });
    expect(shape(new InvalidParameterError('messages[0].role', 'no'))).toMatchObject({ status: 400, body: { error: { param: 'messages[0].role' } } });
    expect(log).toEqual([]);
  });

  it('log an unexpected failure and tell the client nothing of it', () => {
    const reply = shape(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(reply.status).toBe(500);
    expect(JSON.stringify(reply.body)).not.toContain('/secret/path');
    expect(log.at(-1)).toContain('/secret/path');
  });
});

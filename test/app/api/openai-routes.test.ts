import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as completions from '@/app/v1/chat/completions/route';
import * as models from '@/app/v1/models/route';
import { type ApiCorpus, FACTS, startApiCorpus } from '../../helpers/api-corpus';
import { callRoute } from '../../helpers/web-routes';

// The OpenAI-compatible routes, called in process as Next.js calls them, on the leak test's corpus.

let corpus: ApiCorpus;
let plainKey = '';
const ORIGIN = 'https://docent.example.com';

beforeAll(async () => {
  corpus = await startApiCorpus({ DOCENT_PUBLIC_URL: `${ORIGIN}/ignored/path` });
  plainKey = corpus.keyFor('plain');
});
afterAll(() => corpus.close());

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
type Completion = { choices: { message: { content: string } }[]; docent: { outcome: string; conversation_id: string; escalation_id: string | null } };

async function complete(key: string, messages: unknown[], extra: object = {}) {
  const response = await callRoute(completions.POST, '/v1/chat/completions', { body: { model: 'docent', messages, ...extra }, headers: auth(key) });
  return { status: response.status, body: (await response.json()) as Completion & { error?: Record<string, unknown> } };
}

function expectOpenAiError(body: unknown, status: number, actual: number) {
  expect(actual).toBe(status);
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: expect.any(String),
      param: expect.toSatisfy((value) => value === null || typeof value === 'string'),
      code: expect.any(String),
    },
  });
}

describe('/v1 access', () => {
  it('always needs a key, even though anonymous chat is allowed', async () => {
    for (const headers of [{}, { authorization: 'Bearer nonsense' }, auth(`dk_${'a'.repeat(43)}`), { authorization: `Basic ${plainKey}` }]) {
      const list = await callRoute(models.GET, '/v1/models', { headers });
      expectOpenAiError(await list.json(), 401, list.status);
      const chat = await callRoute(completions.POST, '/v1/chat/completions', {
        body: { model: 'docent', messages: [{ role: 'user', content: 'Hi' }] },
        headers,
      });
      expectOpenAiError(await chat.json(), 401, chat.status);
    }
  });

  it('stops a revoked key at once', async () => {
    const key = corpus.keyFor('plain');
    expect((await callRoute(models.GET, '/v1/models', { headers: auth(key) })).status).toBe(200);
    corpus.runtime.api.keys.revoke(corpus.runtime.api.keys.list()[0]!.id);
    const response = await callRoute(models.GET, '/v1/models', { headers: auth(key) });
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('limits each key to its rate, with retry-after', async () => {
    const key = corpus.keyFor('plain', 2);
    expect((await callRoute(models.GET, '/v1/models', { headers: auth(key) })).status).toBe(200);
    expect((await callRoute(models.GET, '/v1/models', { headers: auth(key) })).status).toBe(200);
    const limited = await callRoute(models.GET, '/v1/models', { headers: auth(key) });
    expectOpenAiError(await limited.clone().json(), 429, limited.status);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'rate_limit_error' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other keys are not held back by it.
    expect((await callRoute(models.GET, '/v1/models', { headers: auth(plainKey) })).status).toBe(200);
  });

  it('lists docent and one model per space the key may read', async () => {
    const list = async (person: string) =>
      ((await (await callRoute(models.GET, '/v1/models', { headers: auth(corpus.keyFor(person)) })).json()) as { data: { id: string }[] }).data.map(
        (m) => m.id,
      );
    expect(await list('plain')).toEqual(['docent', 'docent/default']);
    expect(await list('hr-asker')).toEqual(['docent', 'docent/default', 'docent/hr']);
    expect(await list('board-sec')).toEqual(['docent', 'docent/board', 'docent/default', 'docent/legal']);
  });

  it('answers 404 for a model the key may not use, and 400 naming the field', async () => {
    const unknown = await complete(plainKey, [{ role: 'user', content: 'Hi' }], { model: 'docent/hr' });
    expectOpenAiError(unknown.body, 404, unknown.status);
    expect(unknown.body.error).toMatchObject({ param: 'model', code: 'model_not_found' });
    const bad = await complete(plainKey, [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
    expectOpenAiError(bad.body, 400, bad.status);
    expect(bad.body.error).toMatchObject({ param: 'messages[1].role' });
  });

  it('answers any malformed body with a 4xx in OpenAI shape, never a 500', async () => {
    const key = corpus.keyFor('plain', 100_000);
    const part = fc.record({ type: fc.oneof(fc.constant('text'), fc.string()), text: fc.anything() }, { requiredKeys: [] });
    const message = fc.record(
      { role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), fc.string()), content: fc.oneof(fc.string(), fc.anything(), fc.array(part)) },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        { model: fc.oneof(fc.string(), fc.anything()), messages: fc.oneof(fc.anything(), fc.array(message)), stream: fc.anything(), n: fc.anything() },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          body.map((value) => ({ json: value })),
          fc.string().map((raw) => ({ raw })),
        ),
        async (input) => {
          const raw = 'raw' in input ? input.raw : JSON.stringify(input.json);
          const response = await callRoute(completions.POST, '/v1/chat/completions', {
            raw: raw ?? 'null',
            headers: { ...auth(key), 'content-type': 'application/json' },
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expectOpenAiError(await response.json(), response.status, response.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('/v1/chat/completions', () => {
  it('answers with footnotes linking to the source viewer at DOCENT_PUBLIC_URL', async () => {
    const { status, body } = await complete(plainKey, [{ role: 'user', content: 'How many vacation days do I get per year?' }]);
    expect(status).toBe(200);
    const content = body.choices[0]!.message.content;
    expect(content).toContain('25 days');
    expect(content).toMatch(/\[\^1\]/);
    expect(content).toMatch(new RegExp(`\\[\\^1\\]: \\[[^\\]]*handbook/[^\\]]+\\]\\(${ORIGIN}/sources/[0-9a-f]{32}\\)`));
    expect(body.docent.outcome).toBe('answered');
  });

  it('continues the conversation the history names, so follow-ups are understood', async () => {
    const first = await complete(plainKey, [{ role: 'user', content: 'How many vacation days do I get per year?' }]);
    const history = [
      { role: 'user', content: 'How many vacation days do I get per year?' },
      { role: 'assistant', content: first.body.choices[0]!.message.content },
      { role: 'user', content: 'How do I request them?' },
    ];
    const next = await complete(plainKey, history);
    expect(next.body.docent.conversation_id).toBe(first.body.docent.conversation_id);
    const { conversations } = corpus.runtime.assistant;
    expect(conversations.messages(first.body.docent.conversation_id).map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    // A history the client changed is a conversation of its own, holding the turns it was sent.
    const edited = await complete(plainKey, [history[0], { role: 'assistant', content: 'Something else.' }, history[2]]);
    expect(edited.body.docent.conversation_id).not.toBe(first.body.docent.conversation_id);
    expect(conversations.messages(edited.body.docent.conversation_id).map((message) => message.content.slice(0, 15))).toEqual([
      'How many vacati',
      'Something else.',
      'How do I reques',
      expect.any(String),
    ]);
    expect(conversations.ownerOf(edited.body.docent.conversation_id)?.ownerId).toBe(corpus.runtime.users.byEmail('plain@northwind.example')!.id);
  });

  it('hands a sensitive question to a person, with a link to the conversation where the answer will appear', async () => {
    const { body } = await complete(plainKey, [{ role: 'user', content: 'I want to sue the company over my vacation days.' }]);
    expect(body.docent.outcome).toBe('escalated');
    expect(body.docent.escalation_id).toEqual(expect.any(String));
    expect(body.choices[0]!.message.content).toContain(`${ORIGIN}/c/${body.docent.conversation_id}`);
  });

  it('streams OpenAI chunks ending with [DONE], the same text as the whole answer', async () => {
    const messages = [{ role: 'user', content: 'How long is parental leave?' }];
    const whole = await complete(plainKey, messages);
    const response = await callRoute(completions.POST, '/v1/chat/completions', {
      body: { model: 'docent', messages, stream: true, stream_options: { include_usage: true } },
      headers: auth(plainKey),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    type Chunk = { id: string; choices: { delta: { content?: string } }[] };
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')) as Chunk);
    for (const chunk of chunks) expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'docent', id: chunks[0]!.id });
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe(whole.body.choices[0]!.message.content);
    expect(content).toContain('16 weeks');
    expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'stop' }], docent: { outcome: 'answered' } });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it("never gives a key another space's facts, while its own space answers", async () => {
    const hrKey = corpus.keyFor('hr-asker');
    const finKey = corpus.keyFor('fin-asker');
    const forbidden = corpus.needlesFor(['finance']);
    for (const fact of FACTS) {
      const question = fact.questions[0];
      const outsider = await complete(finKey, [{ role: 'user', content: question }]);
      const text = JSON.stringify(outsider.body).toLowerCase();
      expect(forbidden.filter((needle) => text.includes(needle.toLowerCase()))).toEqual([]);
      if (fact.space === 'hr') expect((await complete(hrKey, [{ role: 'user', content: question }])).body.choices[0]!.message.content).toContain(fact.expect);
    }
  });
});

import path from 'node:path';
import { ChatOpenAI } from '@langchain/openai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../lib/api/api-key-store';
import { UserStore } from '../../lib/auth/users';
import { openDatabase } from '../../lib/db';
import { SpaceStore } from '../../lib/spaces/space-store';
import { DOCUMENTS, FACTS, PEOPLE, SPACES, email, needlesFor, writeFolder } from '../faults/leak-facts';
import { tempDir } from '../helpers/temp';
import { type RunningApp, startApp } from './app-server';
import { untilIndexed } from './browser-session';

// OpenAI's own client, LangChain's ChatOpenAI and the MCP SDK's client against `npm start`, on the
// leak test's corpus: answers with citations, escalations, follow-ups, errors, and spaces.

const PUBLIC_URL = 'https://docent.example.test';
let app: RunningApp;
let kb = '';
const keys: Record<string, string> = {};

beforeAll(async () => {
  const workspace = tempDir('docent-openai-e2e-');
  kb = path.join(workspace, 'kb');
  const dataDir = path.join(workspace, 'data');
  writeFolder(kb);
  // Spaces, people and keys go in before the start, as an admin would set them up with the CLI.
  const db = openDatabase(dataDir);
  const spaces = new SpaceStore(db);
  for (const space of SPACES) spaces.add({ ...space, root: null, public: false }, 'test');
  const users = new UserStore(db);
  for (const name of ['plain', 'hr-asker', 'fin-asker']) users.create(email(name), PEOPLE[name]!.role, 'e2e test password', PEOPLE[name]!.groups);
  for (const name of ['plain', 'hr-asker', 'fin-asker']) keys[name] = new ApiKeyStore(db).create({ email: email(name), name: 'e2e' }).key;
  db.close();
  app = await startApp({
    dataDir,
    watchDir: kb,
    env: { DOCENT_PUBLIC_URL: PUBLIC_URL, DOCENT_ADMIN_EMAIL: email('admin'), DOCENT_ADMIN_PASSWORD: 'e2e admin password' },
  });
  await untilIndexed(app, ['handbook/time-off.md', ...DOCUMENTS.map((doc) => doc.path)]);
}, 600_000);

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
});

const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: `${app.url}/v1`, maxRetries: 0 });
type WithDocent = { docent: { outcome: string; conversation_id: string } };

describe('the openai npm client', () => {
  it('lists the models the key may use', async () => {
    const ids = [];
    for await (const model of openai(keys['hr-asker']!).models.list()) ids.push(model.id);
    expect(ids).toEqual(['docent', 'docent/default', 'docent/hr']);
  });

  it('gets an answer with footnotes to the source viewer, and a follow-up in the same conversation', async () => {
    const client = openai(keys.plain!);
    const question = 'How many vacation days do I get per year?';
    const first = await client.chat.completions.create({ model: 'docent', messages: [{ role: 'user', content: question }] });
    const content = first.choices[0]!.message.content!;
    expect(content).toContain('25 days');
    expect(content).toMatch(new RegExp(`\\[\\^1\\]: \\[[^\\]]+\\]\\(${PUBLIC_URL}/sources/[0-9a-f]{32}\\)`));
    const next = await client.chat.completions.create({
      model: 'docent',
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content },
        { role: 'user', content: 'How do I request them?' },
      ],
    });
    expect((next as unknown as WithDocent).docent.conversation_id).toBe((first as unknown as WithDocent).docent.conversation_id);
  });

  it('streams an answer, and an escalation links to the conversation', async () => {
    const client = openai(keys.plain!);
    const stream = await client.chat.completions.create({
      model: 'docent',
      messages: [{ role: 'user', content: 'How long is parental leave?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('16 weeks');
    expect(text).toContain(`${PUBLIC_URL}/sources/`);
    const escalated = await client.chat.completions.create({
      model: 'docent',
      messages: [{ role: 'user', content: 'I want to sue the company over my parental leave.' }],
    });
    const { docent } = escalated as unknown as WithDocent;
    expect(docent.outcome).toBe('escalated');
    expect(escalated.choices[0]!.message.content).toContain(`${PUBLIC_URL}/c/${docent.conversation_id}`);
  });

  it('raises its usual errors: 401, 404 for a model, 400 naming the field', async () => {
    await expect(openai(`dk_${'x'.repeat(43)}`).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const client = openai(keys.plain!);
    await expect(client.chat.completions.create({ model: 'docent/hr', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    const bad = await client.chat.completions.create({ model: 'docent', messages: [] }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
  });

  it("never gives a key another space's facts, and gives its own", async () => {
    const forbidden = needlesFor(kb, ['finance']);
    for (const fact of FACTS) {
      const asked = { model: 'docent', messages: [{ role: 'user' as const, content: fact.questions[0] }] };
      const reply = JSON.stringify(await openai(keys['fin-asker']!).chat.completions.create(asked)).toLowerCase();
      expect(forbidden.filter((needle) => reply.includes(needle.toLowerCase()))).toEqual([]);
      if (fact.space === 'hr') expect((await openai(keys['hr-asker']!).chat.completions.create(asked)).choices[0]!.message.content).toContain(fact.expect);
    }
  });
});

describe("LangChain's ChatOpenAI", () => {
  const chat = (key: string) => new ChatOpenAI({ model: 'docent', apiKey: key, configuration: { baseURL: `${app.url}/v1` }, maxRetries: 0 });

  it('gets answers with citations (whole and streamed) and escalations', async () => {
    const answer = await chat(keys['hr-asker']!).invoke('What does salary band K7 pay per year?');
    expect(answer.content).toContain('91,350');
    expect(answer.content).toContain(`${PUBLIC_URL}/sources/`);
    let streamed = '';
    for await (const chunk of await chat(keys.plain!).stream('How much can I claim for meals while travelling?')) streamed += chunk.text;
    expect(streamed).toContain('45 EUR');
    expect(streamed).toMatch(/\[\^1\]/);
    const escalated = await chat(keys.plain!).invoke('My lawyer wants my personal data deleted: who handles that?');
    expect(escalated.content).toContain(`${PUBLIC_URL}/c/`);
    const outsider = await chat(keys.plain!).invoke('What does salary band K7 pay per year?');
    expect(outsider.text).not.toContain('91,350');
  });
});

describe('the MCP SDK client over HTTP', () => {
  it('lists the tools and calls each at /api/mcp with an API key', async () => {
    const client = new Client({ name: 'docent-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys['hr-asker']}` } } }),
    );
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['ask', 'get_document', 'search_documents']);
      const search = (await client.callTool({ name: 'search_documents', arguments: { query: 'severance restructuring plan', k: 5, filters: { space: 'hr' } } }))
        .structuredContent as { passages: { doc_id: string; path: string }[] };
      expect(search.passages[0]!.path).toMatch(/^hr\//);
      const asked = (await client.callTool({ name: 'ask', arguments: { question: 'What does salary band K7 pay per year?' } })).structuredContent as {
        outcome: string;
        answer: string;
      };
      expect(asked).toMatchObject({ outcome: 'answered' });
      expect(asked.answer).toContain('91,350');
      const document = (await client.callTool({ name: 'get_document', arguments: { id: search.passages[0]!.doc_id } })).structuredContent as { text: string };
      expect(document.text.length).toBeGreaterThan(50);
    } finally {
      await client.close();
    }
    const anonymous = await fetch(`${app.url}/api/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'missing_api_key' } });
  });
});

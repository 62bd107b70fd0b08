import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mcp from '@/app/api/mcp/route';
import { defaultsEnvironment } from '@/lib/config';
import { type ApiCorpus, startApiCorpus } from '../../helpers/api-corpus';

// The MCP SDK's own client against Docent's MCP server: over Streamable HTTP (the route handler,
// called in process) and over stdio (`npm run mcp` as a child process on the same data directory).

let corpus: ApiCorpus;
beforeAll(async () => {
  corpus = await startApiCorpus();
});
afterAll(() => corpus.close());

const httpTransport = (key: string | null) =>
  new StreamableHTTPClientTransport(new URL('http://localhost/api/mcp'), {
    fetch: (url, init) => mcp.POST(new Request(url, init)),
    requestInit: key ? { headers: { authorization: `Bearer ${key}` } } : {},
  });

const stdioTransport = (key: string) =>
  new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', path.resolve('scripts/mcp.ts')],
    cwd: path.resolve('.'),
    env: defaultsEnvironment({ DOCENT_DATA_DIR: corpus.runtime.config.dataDir, DOCENT_API_KEY: key, DOCENT_EMBED_THREADS: '1' }) as Record<string, string>,
    stderr: 'pipe',
  });

type Json = Record<string, unknown>;
const structured = (result: unknown) => (result as { structuredContent: Json }).structuredContent;

// What Client.connect takes (the SDK's transport interface), named without its module path.
type Transport = Parameters<Client['connect']>[0];

async function exercise(transport: Transport, reads: 'finance' | null) {
  const client = new Client({ name: 'docent-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['ask', 'get_document', 'search_documents']);

    const search = structured(await client.callTool({ name: 'search_documents', arguments: { query: 'vacation days per year', k: 3 } }));
    const passages = search.passages as { doc_id: string; path: string; page: number | null; url: string; text: string }[];
    expect(passages).toHaveLength(3);
    expect(passages[0]).toMatchObject({ path: expect.stringMatching(/^handbook\//), page: null, url: expect.stringMatching(/\/sources\/[0-9a-f]{32}$/) });

    const answer = structured(await client.callTool({ name: 'ask', arguments: { question: 'How many vacation days do I get per year?' } }));
    expect(answer).toMatchObject({ outcome: 'answered', escalation: null, confidence: expect.any(Number) });
    expect(answer.answer).toContain('25 days');
    expect((answer.citations as unknown[]).length).toBeGreaterThan(0);
    const escalated = structured(await client.callTool({ name: 'ask', arguments: { question: 'I want to sue the company over my vacation days.' } }));
    expect(escalated).toMatchObject({ outcome: 'escalated', escalation: { id: expect.any(String), reason: 'sensitive', url: expect.stringContaining('/c/') } });

    const document = structured(await client.callTool({ name: 'get_document', arguments: { id: passages[0]!.doc_id, max_chars: 100 } }));
    expect(document).toMatchObject({ id: passages[0]!.doc_id, path: passages[0]!.path, offset: 0, next_offset: 100 });
    expect(document.text).toHaveLength(100);

    // Spaces hold: the treasury memo is finance's, found by its reader only, and not found for anyone else.
    const memo = structured(await client.callTool({ name: 'search_documents', arguments: { query: 'treasury account reference bank', k: 10 } }));
    const finance = (memo.passages as { path: string; doc_id: string }[]).filter((passage) => passage.path.startsWith('finance/'));
    expect(finance.length > 0).toBe(reads === 'finance');
    const hidden = corpus.runtime.services.registry.list({ status: 'indexed' }).find((doc) => doc.path === 'finance/treasury.md')!;
    const fetched = await client.callTool({ name: 'get_document', arguments: { id: hidden.id } });
    expect(fetched.isError === true).toBe(reads !== 'finance');
    if (reads !== 'finance') expect(JSON.stringify(fetched)).not.toContain('KMB-88213');
  } finally {
    await client.close();
  }
}

describe('MCP server', () => {
  it('lists its tools and calls each over Streamable HTTP, within the key\u2019s spaces', async () => {
    await exercise(httpTransport(corpus.keyFor('plain')), null);
    await exercise(httpTransport(corpus.keyFor('fin-asker')), 'finance');
  });

  it('needs a key over HTTP: 401 in OpenAI shape without one', async () => {
    const client = new Client({ name: 'docent-test', version: '1.0.0' });
    await expect(client.connect(httpTransport(null))).rejects.toThrow(/missing_api_key/);
    const response = await mcp.POST(new Request('http://localhost/api/mcp', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'missing_api_key', type: 'authentication_error', param: null } });
  });

  it('lists its tools and calls each over stdio (npm run mcp)', async () => {
    await exercise(stdioTransport(corpus.keyFor('fin-asker')), 'finance');
  });

  it('refuses to start over stdio with a revoked key', async () => {
    const key = corpus.keyFor('plain');
    const id = corpus.runtime.api.keys.list().find((info) => key.startsWith(info.prefix))!.id;
    corpus.runtime.api.keys.revoke(id);
    const transport = stdioTransport(key);
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'docent-test', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow();
    expect(stderr).toContain('The API key is not valid');
  });
});

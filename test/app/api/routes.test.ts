import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as conversationList from '@/app/api/conversations/route';
import * as curatedItem from '@/app/api/curated/[id]/route';
import * as curatedList from '@/app/api/curated/route';
import * as documentRetry from '@/app/api/documents/[id]/retry/route';
import * as documentView from '@/app/api/documents/[id]/route';
import * as documentSource from '@/app/api/documents/[id]/source/route';
import * as escalationItem from '@/app/api/escalations/[id]/route';
import * as escalationList from '@/app/api/escalations/route';
import * as feedback from '@/app/api/feedback/route';
import * as health from '@/app/api/health/route';
import * as login from '@/app/api/auth/login/route';
import * as logout from '@/app/api/auth/logout/route';
import * as me from '@/app/api/auth/me/route';
import * as metrics from '@/app/api/metrics/route';
import * as reindex from '@/app/api/reindex/route';
import * as status from '@/app/api/status/route';
import * as userItem from '@/app/api/users/[email]/route';
import * as users from '@/app/api/users/route';
import type { AnswerEvent } from '@/lib/answer/events';
import { documentId } from '@/lib/ids';
import type { WebRuntime } from '@/lib/web/runtime';
import { createPipeline } from '@/ingest/create-pipeline';
import { syncFolder } from '@/ingest/sync';
import { tempDir, testConfig } from '../../helpers/temp';
import { type Handler, callRoute, signIn, startWebRuntime } from '../../helpers/web-routes';

let runtime: WebRuntime;
let closeRuntime: () => Promise<void>;
let root: string;
const logged: string[] = [];
let reviewerCookie = '';
let adminCookie = '';

async function readStream(response: Response): Promise<AnswerEvent[]> {
  const text = await response.text();
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AnswerEvent);
}

beforeAll(async () => {
  root = tempDir('docent-web-kb-');
  fs.cpSync(path.resolve('examples/handbook'), path.join(root, 'handbook'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'handbook', 'evil.html'),
    '<html><head><title>Evil</title></head><body><main><h1>Evil</h1><p>Hello <script>alert(1)</script> world, a page about the cafeteria menu on Fridays.</p></main></body></html>',
  );
  fs.writeFileSync(path.join(root, 'broken.pdf'), '%PDF-1.4 not really');
  const config = testConfig({
    DOCENT_ADMIN_EMAIL: 'admin@northwind.example',
    DOCENT_ADMIN_PASSWORD: 'correct horse battery',
    DOCENT_METRICS_TOKEN: 'metrics-token-123',
    DOCENT_MAX_BODY_KB: '4',
  });
  ({ runtime, close: closeRuntime } = await startWebRuntime(config, (message) => logged.push(message)));
  const { pipeline, extractor } = createPipeline(runtime.services, { inProcess: true });
  await syncFolder(runtime.services, pipeline, root);
  await extractor.close();
  runtime.users.create('reviewer@northwind.example', 'reviewer', 'reviewer password 1');
  adminCookie = await signIn('admin@northwind.example', 'correct horse battery');
  reviewerCookie = await signIn('reviewer@northwind.example', 'reviewer password 1');
});

afterAll(() => closeRuntime());

describe('access control', () => {
  // Every review and admin route, with the method that changes or reads protected data.
  const protectedRoutes: [string, Handler, string, Record<string, string>?, unknown?][] = [
    ['GET /api/escalations', escalationList.GET, '/api/escalations'],
    ['GET /api/escalations/:id', escalationItem.GET as Handler, '/api/escalations/x', { id: 'x' }],
    ['POST /api/escalations/:id', escalationItem.POST as Handler, '/api/escalations/x', { id: 'x' }, { action: 'approve' }],
    ['GET /api/curated', curatedList.GET, '/api/curated'],
    ['PATCH /api/curated/:id', curatedItem.PATCH as Handler, '/api/curated/x', { id: 'x' }, { answer: 'a' }],
    ['DELETE /api/curated/:id', curatedItem.DELETE as Handler, '/api/curated/x', { id: 'x' }],
    ['GET /api/status', status.GET, '/api/status'],
    ['POST /api/documents/:id/retry', documentRetry.POST as Handler, '/api/documents/x/retry', { id: 'x' }],
    ['GET /api/users', users.GET, '/api/users'],
    ['POST /api/users', users.POST, '/api/users', {}, { email: 'a@b.c', role: 'reviewer', password: 'long enough password' }],
    ['DELETE /api/users/:email', userItem.DELETE as Handler, '/api/users/a', { email: 'a' }],
    ['GET /api/reindex', reindex.GET, '/api/reindex'],
    ['POST /api/reindex', reindex.POST, '/api/reindex', {}, {}],
    ['GET /api/auth/me', me.GET, '/api/auth/me'],
  ];

  it.each(protectedRoutes)('%s answers 401 without a session, and with a tampered cookie', async (_name, handler, url, params, body) => {
    const method = _name.split(' ')[0]!;
    for (const cookie of [undefined, 'docent_session=Fe26.2**forged**cookie', `${reviewerCookie.slice(0, -6)}AAAAAA`]) {
      const response = await callRoute(handler, url, { method, params, body, cookie });
      expect(response.status, `${_name} with ${cookie ?? 'no cookie'}`).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('keeps admin routes from reviewers (403) and lets admins in', async () => {
    expect((await callRoute(users.GET, '/api/users', { cookie: reviewerCookie })).status).toBe(403);
    expect((await callRoute(reindex.GET, '/api/reindex', { cookie: reviewerCookie })).status).toBe(403);
    const list = await callRoute(users.GET, '/api/users', { cookie: adminCookie });
    expect(list.status).toBe(200);
    expect((await list.json()).users.map((user: { email: string }) => user.email)).toEqual(['admin@northwind.example', 'reviewer@northwind.example']);
  });

  it('rate-limits failed sign-ins per client address and per account', async () => {
    const attacker = { 'x-forwarded-for': '198.51.100.9' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await callRoute(login.POST, '/api/auth/login', {
        headers: attacker,
        body: { email: `victim${attempt}@northwind.example`, password: `guess ${attempt}` },
      });
      expect(response.status).toBe(401);
    }
    const blocked = await callRoute(login.POST, '/api/auth/login', {
      headers: attacker,
      body: { email: 'admin@northwind.example', password: 'correct horse battery' },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await callRoute(login.POST, '/api/auth/login', {
        headers: { 'x-forwarded-for': `192.0.2.${attempt}` },
        body: { email: 'victim@northwind.example', password: `guess ${attempt}` },
      });
    }
    const account = await callRoute(login.POST, '/api/auth/login', {
      headers: { 'x-forwarded-for': '192.0.2.99' },
      body: { email: 'victim@northwind.example', password: 'one more' },
    });
    expect(account.status).toBe(429);
  });

  it('ends a session on sign-out by clearing the cookie, and on a password change by revoking it', async () => {
    const out = await callRoute(logout.POST, '/api/auth/logout', { method: 'POST', cookie: reviewerCookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/docent_session=; .*Max-Age=0/);
    const cookie = await signIn('reviewer@northwind.example', 'reviewer password 1');
    expect((await callRoute(me.GET, '/api/auth/me', { cookie })).status).toBe(200);
    runtime.users.setPassword('reviewer@northwind.example', 'a brand new password');
    expect((await callRoute(me.GET, '/api/auth/me', { cookie })).status).toBe(401);
    reviewerCookie = await signIn('reviewer@northwind.example', 'a brand new password');
  });
});

describe('chat, conversations and feedback', () => {
  it('streams the workflow events as NDJSON ending in an outcome', async () => {
    const response = await callRoute(chat.POST, '/api/chat', { body: { question: 'What gloves are required in the kiln area?' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const events = await readStream(response);
    const outcome = events.at(-1)!;
    expect(outcome).toMatchObject({ type: 'outcome', outcome: 'answered' });
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['stage', 'classification', 'sources', 'confidence', 'token', 'outcome']));
    if (outcome.type !== 'outcome') throw new Error('no outcome');
    // The conversation is this browser's: its cookie opens it, and nothing else does.
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^docent_browser=[\w-]{43}$/);
    const thread = await callRoute(conversation.GET as Handler, `/api/conversations/${outcome.conversationId}`, {
      cookie,
      params: { id: outcome.conversationId },
    });
    expect((await thread.json()).messages.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant']);
    expect((await callRoute(conversation.GET as Handler, '/api/conversations/x', { params: { id: outcome.conversationId } })).status).toBe(404);
    const rated = await callRoute(feedback.POST, '/api/feedback', { cookie, body: { answerId: outcome.answerId, rating: 'up' } });
    expect(rated.status).toBe(201);
  });

  it('answers bad bodies with 4xx and a clear JSON error, never 500', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ raw: '{not json', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
      [{ body: {} }, 400, 'invalid_request'],
      [{ body: { question: '' } }, 400, 'invalid_request'],
      [{ body: { question: 'x', conversationId: '../../etc/passwd' } }, 400, 'invalid_request'],
      [{ body: { question: 'x', extra: true } }, 400, 'invalid_request'],
      [{ body: { question: 'x'.repeat(3000) } }, 400, 'invalid_request'],
      [{ raw: JSON.stringify({ question: 'y'.repeat(5000) }), headers: { 'content-type': 'application/json' } }, 413, 'body_too_large'],
      [{ raw: 'question=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ];
    for (const [options, statusCode, code] of cases) {
      const response = await callRoute(chat.POST, '/api/chat', { method: 'POST', ...options });
      expect(response.status, JSON.stringify(options).slice(0, 80)).toBe(statusCode);
      expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    expect((await callRoute(feedback.POST, '/api/feedback', { body: { answerId: 'not-a-uuid', rating: 'meh' } })).status).toBe(400);
    expect((await callRoute(feedback.POST, '/api/feedback', { body: { answerId: crypto.randomUUID(), rating: 'up' } })).status).toBe(404);
    expect((await callRoute(conversation.GET as Handler, '/api/conversations/x', { params: { id: '..%2F..' } })).status).toBe(400);
    expect((await callRoute(conversation.GET as Handler, '/api/conversations/x', { params: { id: crypto.randomUUID() } })).status).toBe(404);
    expect(logged.some((line) => line.includes('unexpected error'))).toBe(false);
  });
});

describe('review, curated answers, status', () => {
  it('lists the queue, acts on an escalation, and manages the curated answer it creates', async () => {
    const events = await readStream(await callRoute(chat.POST, '/api/chat', { body: { question: 'Is there a staff discount at the lantern outlet store?' } }));
    const outcome = events.at(-1)!;
    if (outcome.type !== 'outcome' || !outcome.escalationId) throw new Error('expected an escalation');
    const queue = await (await callRoute(escalationList.GET, '/api/escalations?order=oldest', { cookie: reviewerCookie })).json();
    expect(queue.escalations.some((item: { id: string }) => item.id === outcome.escalationId)).toBe(true);
    const invalid = await callRoute(escalationItem.POST as Handler, '/api/escalations/x', {
      cookie: reviewerCookie,
      params: { id: outcome.escalationId },
      body: { action: 'reject' },
    });
    expect(invalid.status).toBe(400);
    const acted = await callRoute(escalationItem.POST as Handler, '/api/escalations/x', {
      cookie: reviewerCookie,
      params: { id: outcome.escalationId },
      body: { action: 'write', content: 'Yes: 20% off at the outlet store with your badge.' },
    });
    expect(acted.status).toBe(200);
    const { curated } = await acted.json();
    const again = await callRoute(escalationItem.POST as Handler, '/api/escalations/x', {
      cookie: reviewerCookie,
      params: { id: outcome.escalationId },
      body: { action: 'approve' },
    });
    expect(again.status).toBe(409);
    const trail = await (
      await callRoute(escalationItem.GET as Handler, '/api/escalations/x', { cookie: reviewerCookie, params: { id: outcome.escalationId } })
    ).json();
    expect(trail.actions.map((action: { action: string; actor: string }) => `${action.action}:${action.actor}`)).toEqual([
      'open:docent',
      'write:reviewer@northwind.example',
    ]);
    const edited = await callRoute(curatedItem.PATCH as Handler, '/api/curated/x', {
      method: 'PATCH',
      cookie: reviewerCookie,
      params: { id: curated.id },
      body: { answer: 'Yes: 25% off.' },
    });
    expect((await edited.json()).curated.answer).toBe('Yes: 25% off.');
    expect(
      (await callRoute(curatedItem.PATCH as Handler, '/api/curated/x', { method: 'PATCH', cookie: reviewerCookie, params: { id: curated.id }, body: {} }))
        .status,
    ).toBe(400);
    expect(
      (await callRoute(curatedItem.DELETE as Handler, '/api/curated/x', { method: 'DELETE', cookie: reviewerCookie, params: { id: curated.id } })).status,
    ).toBe(204);
    expect(
      (await callRoute(curatedItem.DELETE as Handler, '/api/curated/x', { method: 'DELETE', cookie: reviewerCookie, params: { id: curated.id } })).status,
    ).toBe(404);
  });

  it('reports status with quarantine reasons and chart series, and lets an admin retry a document', async () => {
    const body = await (await callRoute(status.GET, '/api/status', { cookie: reviewerCookie })).json();
    expect(body.report).toMatchObject({ generation: 'g1', backend: 'embedded', totals: { quarantined: 1 } });
    expect(body.report.documents.find((doc: { path: string }) => doc.path === 'broken.pdf')).toMatchObject({ status: 'quarantined', reason: 'corrupt' });
    expect(body.series.lag_distribution.length).toBeGreaterThan(0);
    expect(body.generations[0]).toMatchObject({ name: 'g1', state: 'serving' });
    const id = documentId(root, 'broken.pdf');
    expect((await callRoute(documentRetry.POST as Handler, '/api/documents/x/retry', { method: 'POST', cookie: reviewerCookie, params: { id } })).status).toBe(
      403,
    );
    const retried = await callRoute(documentRetry.POST as Handler, '/api/documents/x/retry', { method: 'POST', cookie: adminCookie, params: { id } });
    expect(retried.status).toBe(202);
    expect(runtime.services.jobs.get(id)).toMatchObject({ kind: 'upsert' });
  });
});

describe('documents, health and metrics', () => {
  it('serves a source only by document id, refusing traversal and paths', async () => {
    for (const id of ['../../etc/passwd', '/etc/passwd', '..%2F..%2Fetc', 'handbook/time-off.md', '0'.repeat(31)]) {
      const response = await callRoute(documentSource.GET as Handler, '/api/documents/x/source', { params: { id } });
      expect(response.status, id).toBe(400);
    }
    expect((await callRoute(documentSource.GET as Handler, '/api/documents/x/source', { params: { id: '0'.repeat(32) } })).status).toBe(404);
    const pdf = await callRoute(documentSource.GET as Handler, '/api/documents/x/source', { params: { id: documentId(root, 'handbook/safety-manual.pdf') } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline/);
    const html = await callRoute(documentSource.GET as Handler, '/api/documents/x/source', { params: { id: documentId(root, 'handbook/evil.html') } });
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    const view = await (await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id: documentId(root, 'handbook/evil.html') } })).json();
    expect(view.text).toContain('cafeteria menu');
    expect(view.text).not.toContain('<script>');
    expect(view.format).toBe('markdown');
    expect(view.html).toContain('cafeteria menu');
    expect(view.html).not.toMatch(/<script/i);
    // Markdown is sent rendered (and sanitised): headings, bold and tables, not their syntax.
    const markdown = await (
      await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id: documentId(root, 'handbook/time-off.md') } })
    ).json();
    expect(markdown.html).toContain('<h2>Vacation</h2>');
    expect(markdown.html).toContain('<strong>25 days of paid vacation per calendar year</strong>');
    expect(markdown.html).toContain('<td>25 days</td>');
    expect(markdown.html).not.toMatch(/##|\*\*/);
    // Chunk offsets index the rebuilt text exactly: the viewer's fallback mark depends on it.
    for (const point of await runtime.services.index.listDocumentPoints(markdown.id)) {
      expect(markdown.text.slice(point.payload.char_start, point.payload.char_end)).toBe(point.text);
    }
  });

  it('reports health of index, store and LLM', async () => {
    const response = await callRoute(health.GET, '/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      index: { backend: 'embedded', ok: true },
      store: { ok: true },
      llm: { provider: 'none', ok: true },
    });
  });

  it('says "syncing" with the progress while the start-up sync reads documents, not plain "ok"', async () => {
    const services = runtime.services;
    const syncProgress = services.syncProgress.bind(services);
    services.syncProgress = () => ({ done: 2, total: 7, scanning: false, startedAt: 0 });
    try {
      const response = await callRoute(health.GET, '/api/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'syncing', syncing: { done: 2, total: 7 } });
    } finally {
      services.syncProgress = syncProgress;
    }
    expect(await (await callRoute(health.GET, '/api/health')).json()).toMatchObject({ status: 'ok', syncing: null });
  });

  it('serves Prometheus metrics to loopback or a bearer token only', async () => {
    const local = await callRoute(metrics.GET, '/api/metrics');
    expect(local.status).toBe(200);
    const text = await local.text();
    for (const name of [
      'docent_answer_duration_seconds',
      'docent_query_duration_seconds',
      'docent_answer_confidence',
      'docent_escalations_total',
      'docent_documents',
      'docent_ingest_lag_seconds',
      'docent_ingest_pending_jobs',
      'docent_answers_waiting',
    ]) {
      expect(text, name).toContain(name);
    }
    expect(text).toMatch(/docent_answers_total\{outcome="answered"\} [1-9]/);
    expect((await callRoute(metrics.GET, '/api/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(401);
    expect((await callRoute(metrics.GET, '/api/metrics', { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' } })).status).toBe(401);
    expect((await callRoute(metrics.GET, '/api/metrics', { headers: { 'x-forwarded-for': '203.0.113.7', authorization: 'Bearer wrong' } })).status).toBe(401);
    expect(
      (await callRoute(metrics.GET, '/api/metrics', { headers: { 'x-forwarded-for': '203.0.113.7', authorization: 'Bearer metrics-token-123' } })).status,
    ).toBe(200);
  });
});

describe('fuzzed requests', () => {
  // Every handler and method; `:param` routes get random path parameters as well.
  const routes: [string, Handler, string?][] = [
    ['POST /api/auth/login', login.POST],
    ['GET /api/auth/me', me.GET],
    ['POST /api/chat', chat.POST],
    ['GET /api/conversations/:id', conversation.GET as Handler, 'id'],
    ['PATCH /api/conversations/:id', conversation.PATCH as Handler, 'id'],
    ['DELETE /api/conversations/:id', conversation.DELETE as Handler, 'id'],
    ['GET /api/conversations', conversationList.GET],
    ['PATCH /api/curated/:id', curatedItem.PATCH as Handler, 'id'],
    ['DELETE /api/curated/:id', curatedItem.DELETE as Handler, 'id'],
    ['GET /api/curated', curatedList.GET],
    ['POST /api/documents/:id/retry', documentRetry.POST as Handler, 'id'],
    ['GET /api/documents/:id', documentView.GET as Handler, 'id'],
    ['GET /api/documents/:id/source', documentSource.GET as Handler, 'id'],
    ['GET /api/escalations/:id', escalationItem.GET as Handler, 'id'],
    ['POST /api/escalations/:id', escalationItem.POST as Handler, 'id'],
    ['GET /api/escalations', escalationList.GET],
    ['POST /api/feedback', feedback.POST],
    ['GET /api/health', health.GET],
    ['GET /api/metrics', metrics.GET],
    ['GET /api/reindex', reindex.GET],
    ['POST /api/reindex', reindex.POST],
    ['GET /api/status', status.GET],
    ['DELETE /api/users/:email', userItem.DELETE as Handler, 'email'],
    ['GET /api/users', users.GET],
    ['POST /api/users', users.POST],
  ];
  const jsonText = fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value));
  const body = fc.oneof(
    jsonText,
    // Objects shaped like the real bodies, with wrong or extreme values.
    fc
      .dictionary(
        fc.constantFrom(
          'question',
          'conversationId',
          'replaces',
          'title',
          'email',
          'password',
          'role',
          'action',
          'answer',
          'rating',
          'answerId',
          'force',
          'comment',
          'reason',
        ),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.string({ maxLength: 5000 }),
          fc.constant('../../etc/passwd'),
          fc.constant('\u0000<script>alert(1)</script>'),
        ),
      )
      .map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.constant(`{"question": "${'x'.repeat(8000)}"}`),
    fc.constant('['.repeat(5000)),
  );
  const param = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom('../../etc/passwd', '%2e%2e%2f', '\u0000', 'a'.repeat(5000), crypto.randomUUID(), '0'.repeat(32)),
  );
  // Mostly JSON, so most bodies get past the media-type check to the parser and the schema.
  const contentType = fc.oneof(
    { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 5 },
    fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', undefined),
  );
  const query = fc.dictionary(
    fc.constantFrom('status', 'limit', 'offset', 'page', 'q', 'since'),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('-1', '1e309', 'NaN', '99999999999')),
  );

  it.each(routes)('%s answers malformed, hostile and oversized input with 4xx and a JSON error, never 500', async (name, handler, paramName) => {
    const [method, template] = name.split(' ') as [string, string];
    // A valid reindex request starts a real reindex in a child process: not what this test is about.
    const startsReindex = (text: string) => name === 'POST /api/reindex' && /^\{\s*("force"\s*:\s*(true|false)\s*)?\}$/.test(text);
    await fc.assert(
      fc.asyncProperty(body, param, contentType, query, fc.boolean(), async (text, value, type, search, signedIn) => {
        fc.pre(!startsReindex(text));
        const url = `${template.replace(`:${paramName}`, encodeURIComponent(value))}?${new URLSearchParams(search)}`;
        const response = await callRoute(handler, url, {
          method,
          raw: method === 'GET' || method === 'DELETE' ? undefined : text,
          headers: type ? { 'content-type': type } : {},
          cookie: signedIn ? adminCookie : undefined,
          params: paramName ? { [paramName]: value } : {},
        });
        expect(response.status, `${name} ${url.slice(0, 80)} ${text.slice(0, 80)}`).toBeLessThan(500);
        if (response.status >= 400) expect(await response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        else await response.arrayBuffer();
      }),
      { numRuns: 60, seed: 20261121 },
    );
    expect(logged.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

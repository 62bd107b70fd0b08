import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as chat from '@/app/api/chat/route';
import * as conversation from '@/app/api/conversations/[id]/route';
import * as documentView from '@/app/api/documents/[id]/route';
import * as documentSource from '@/app/api/documents/[id]/source/route';
import * as escalationList from '@/app/api/escalations/route';
import * as spaceItem from '@/app/api/spaces/[name]/route';
import * as spaceList from '@/app/api/spaces/route';
import * as status from '@/app/api/status/route';
import { documentId } from '@/lib/ids';
import type { WebRuntime } from '@/lib/web/runtime';
import { createPipeline } from '@/ingest/create-pipeline';
import { syncFolder } from '@/ingest/sync';
import { tempDir, testConfig } from '../../helpers/temp';
import { type Handler, callRoute, signIn, startWebRuntime } from '../../helpers/web-routes';

const SECRET = 'Project BLUEHERON closes on 14 March with a budget of 2.7 million EUR.';
let runtime: WebRuntime;
let closeRuntime: () => Promise<void>;
let root: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  root = tempDir('docent-spaces-kb-');
  fs.cpSync(path.resolve('examples/handbook'), path.join(root, 'handbook'), { recursive: true });
  fs.mkdirSync(path.join(root, 'board'));
  fs.writeFileSync(path.join(root, 'board', 'projects.md'), `# Board projects\n\n${SECRET}\n`);
  ({ runtime, close: closeRuntime } = await startWebRuntime(
    testConfig({ DOCENT_ADMIN_EMAIL: 'admin@northwind.example', DOCENT_ADMIN_PASSWORD: 'correct horse battery' }),
  ));
  const { pipeline, extractor } = createPipeline(runtime.services, { inProcess: true });
  await syncFolder(runtime.services, pipeline, root);
  await extractor.close();
  runtime.users.create('member@northwind.example', 'asker', 'member password 1', ['board']);
  runtime.users.create('outsider@northwind.example', 'asker', 'outsider password 1', ['sales']);
  runtime.users.create('reviewer@northwind.example', 'reviewer', 'reviewer password 1', ['sales']);
  cookies.admin = await signIn('admin@northwind.example', 'correct horse battery');
  cookies.member = await signIn('member@northwind.example', 'member password 1');
  cookies.outsider = await signIn('outsider@northwind.example', 'outsider password 1');
  cookies.reviewer = await signIn('reviewer@northwind.example', 'reviewer password 1');
});

afterAll(() => closeRuntime());

const ask = async (question: string, cookie?: string, extra: Record<string, unknown> = {}) => {
  const response = await callRoute(chat.POST, '/api/chat', { body: { question, ...extra }, cookie });
  return { status: response.status, text: await response.text() };
};

describe('spaces over HTTP', () => {
  it('only admins manage spaces; bad readers are refused with a clear error and change nothing', async () => {
    expect((await callRoute(spaceList.POST, '/api/spaces', { body: { name: 'board', folder: 'board' }, cookie: cookies.reviewer })).status).toBe(403);
    const bad = await callRoute(spaceList.POST, '/api/spaces', { body: { name: 'board', folder: 'board', readers: ['user:nobody'] }, cookie: cookies.admin });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not a reader or owner/);
    const added = await callRoute(spaceList.POST, '/api/spaces', { body: { name: 'board', folder: 'board', readers: ['group:board'] }, cookie: cookies.admin });
    expect(added.status).toBe(201);
    const asReviewer = (await (await callRoute(spaceList.GET, '/api/spaces', { cookie: cookies.reviewer })).json()) as { spaces: object[] };
    expect(asReviewer.spaces).toContainEqual({ name: 'board', folder: 'board/' });
    expect(JSON.stringify(asReviewer)).not.toContain('group:board');
  });

  it('answers, shows and serves a restricted document only to its readers; for others it does not exist', async () => {
    const id = documentId(root, 'board/projects.md');
    for (const cookie of [undefined, cookies.outsider, cookies.reviewer]) {
      expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id }, cookie })).status).toBe(404);
      expect((await callRoute(documentSource.GET as Handler, '/api/documents/x/source', { params: { id }, cookie })).status).toBe(404);
      const { text } = await ask('When does Project BLUEHERON close and what is its budget?', cookie, { filter: { pathPrefix: 'board/' } });
      expect(text).not.toMatch(/BLUEHERON closes|2\.7 million/);
    }
    expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id }, cookie: cookies.member })).status).toBe(200);
    expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id }, cookie: cookies.admin })).status).toBe(200);
    const allowed = await ask('When does Project BLUEHERON close and what is its budget?', cookies.member);
    expect(allowed.text).toContain('2.7 million');
    const board = (await (await callRoute(status.GET, '/api/status', { cookie: cookies.reviewer })).json()) as { report: { documents: { path: string }[] } };
    expect(board.report.documents.map((doc) => doc.path)).not.toContain('board/projects.md');
    expect(board.report.documents.length).toBeGreaterThan(0);
  });

  it('keeps a member’s conversation from others, and askers out of the review queue', async () => {
    const { text } = await ask('How many vacation days do I get?', cookies.member);
    const conversationId = (JSON.parse(text.trim().split('\n').at(-1)!) as { conversationId: string }).conversationId;
    expect((await callRoute(conversation.GET as Handler, '/api/conversations/x', { params: { id: conversationId }, cookie: cookies.member })).status).toBe(200);
    for (const cookie of [undefined, cookies.outsider])
      expect((await callRoute(conversation.GET as Handler, '/api/conversations/x', { params: { id: conversationId }, cookie })).status).toBe(404);
    expect((await ask('And the board projects?', cookies.outsider, { conversationId })).status).toBe(404);
    expect((await callRoute(escalationList.GET, '/api/escalations', { cookie: cookies.member })).status).toBe(403);
  });

  it('a change reaches the running server on the next request; removing a space keeps its folder to admins', async () => {
    const open = await callRoute(spaceItem.PATCH as Handler, '/api/spaces/board', {
      method: 'PATCH',
      body: { public: true },
      params: { name: 'board' },
      cookie: cookies.admin,
    });
    expect(open.status).toBe(200);
    const id = documentId(root, 'board/projects.md');
    expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id } })).status).toBe(200);
    const removed = await callRoute(spaceItem.DELETE as Handler, '/api/spaces/board', { method: 'DELETE', params: { name: 'board' }, cookie: cookies.admin });
    expect(((await removed.json()) as { space: { removed: boolean } }).space.removed).toBe(true);
    for (const cookie of [undefined, cookies.member])
      expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id }, cookie })).status).toBe(404);
    expect((await callRoute(documentView.GET as Handler, '/api/documents/x', { params: { id }, cookie: cookies.admin })).status).toBe(200);
  });
});

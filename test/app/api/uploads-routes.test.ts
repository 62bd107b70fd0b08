import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as spaceItem from '@/app/api/spaces/[name]/route';
import * as uploads from '@/app/api/uploads/route';
import { documentId } from '@/lib/ids';
import { parsePrincipals } from '@/lib/spaces/principals';
import type { WebRuntime } from '@/lib/web/runtime';
import { tempDir, testConfig } from '../../helpers/temp';
import { type Handler, callRoute, signIn, startWebRuntime } from '../../helpers/web-routes';

let runtime: WebRuntime;
let closeRuntime: () => Promise<void>;
let root: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  root = tempDir('docent-uploads-kb-');
  fs.mkdirSync(path.join(root, 'hr'));
  ({ runtime, close: closeRuntime } = await startWebRuntime(
    testConfig({
      DOCENT_WATCH_DIR: root,
      DOCENT_UPLOAD_MAX_MB: '0.01',
      DOCENT_ADMIN_EMAIL: 'admin@northwind.example',
      DOCENT_ADMIN_PASSWORD: 'correct horse battery',
    }),
  ));
  runtime.users.create('writer@northwind.example', 'asker', 'writer password 1', ['writers']);
  runtime.users.create('asker@northwind.example', 'asker', 'asker password 12', []);
  runtime.assistant.spaces.store.add({ name: 'HR', root: null, folder: 'hr', contributors: parsePrincipals('group:writers') }, 'test');
  cookies.admin = await signIn('admin@northwind.example', 'correct horse battery');
  cookies.writer = await signIn('writer@northwind.example', 'writer password 1');
  cookies.asker = await signIn('asker@northwind.example', 'asker password 12');
});

afterAll(() => closeRuntime());

const put = (query: string, raw: string, cookie?: string, headers: Record<string, string> = {}) =>
  callRoute(uploads.PUT, `/api/uploads?${query}`, { method: 'PUT', raw, cookie, headers });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

describe('uploads over HTTP', () => {
  it('asks anonymous visitors to sign in, and tells askers without rights they may not', async () => {
    const anonymous = await put('folder=hr&name=a.md', '# A');
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).message).toMatch(/sign in/i);
    // Every chat page asks which folders it may offer: someone not signed in gets none, not an error.
    const offered = await callRoute(uploads.GET, '/api/uploads');
    expect(offered.status).toBe(200);
    expect(((await offered.json()) as { folders: string[] }).folders).toEqual([]);

    const refused = await put('folder=hr&name=a.md', '# A', cookies.asker);
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({ code: 'not_contributor', message: expect.stringMatching(/may not add documents to hr\//) });
    const options = (await (await callRoute(uploads.GET, '/api/uploads', { cookie: cookies.asker })).json()) as { folders: string[] };
    expect(options.folders).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'hr'))).toEqual([]);
  });

  it('lets a contributor add a file to their space, and an admin anywhere, answering the document id', async () => {
    const options = (await (await callRoute(uploads.GET, '/api/uploads', { cookie: cookies.writer })).json()) as {
      folders: string[];
      maxBytes: number;
      extensions: string[];
    };
    expect(options).toMatchObject({ folders: ['hr/'], maxBytes: Math.round(0.01 * 1024 * 1024) });
    expect(options.extensions).toContain('.pdf');

    const added = await put(`folder=hr&name=${encodeURIComponent('../Leave.md')}`, '# Leave\n\nTen days.\n', cookies.writer);
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ docId: documentId(root, 'hr/Leave.md'), path: 'hr/Leave.md', folder: 'hr/', bytes: 19 });
    expect(fs.readFileSync(path.join(root, 'hr', 'Leave.md'), 'utf8')).toBe('# Leave\n\nTen days.\n');

    expect((await put('folder=&name=top.md', '# Top', cookies.writer)).status).toBe(403);
    expect((await put('folder=&name=top.md', '# Top', cookies.admin)).status).toBe(201);
  });

  it('answers 409 for an existing name and replaces it with overwrite=1; 413 and 415 before writing', async () => {
    const again = await put('folder=hr&name=Leave.md', '# Leave v2', cookies.writer);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('file_exists');
    expect((await put('folder=hr&name=Leave.md&overwrite=1', '# Leave v2', cookies.writer)).status).toBe(201);
    expect(fs.readFileSync(path.join(root, 'hr', 'Leave.md'), 'utf8')).toBe('# Leave v2');

    const large = await put('folder=hr&name=big.md', 'x'.repeat(20_000), cookies.writer);
    expect(large.status).toBe(413);
    expect((await errorOf(large)).message).toMatch(/limit/);
    expect((await put('folder=hr&name=tool.exe', 'MZ', cookies.writer)).status).toBe(415);
    expect((await put('folder=hr', 'no name', cookies.writer)).status).toBe(400);
    expect(fs.readdirSync(path.join(root, 'hr')).sort()).toEqual(['Leave.md']);
  });

  it('takes contributors from the spaces API: an admin clears them and the writer may add nothing more', async () => {
    const cleared = await callRoute(spaceItem.PATCH as Handler, '/api/spaces/HR', {
      method: 'PATCH',
      body: { contributors: [] },
      params: { name: 'HR' },
      cookie: cookies.admin,
    });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as { space: { contributors: unknown } }).space.contributors).toBeNull();
    const options = (await (await callRoute(uploads.GET, '/api/uploads', { cookie: cookies.writer })).json()) as { folders: string[] };
    expect(options.folders).toEqual([]);
    expect((await put('folder=hr&name=late.md', '# Late', cookies.writer)).status).toBe(403);
    const granted = await callRoute(spaceItem.PATCH as Handler, '/api/spaces/HR', {
      method: 'PATCH',
      body: { contributors: ['writer@northwind.example'] },
      params: { name: 'HR' },
      cookie: cookies.admin,
    });
    expect(((await granted.json()) as { space: { contributors: unknown } }).space.contributors).toEqual(['user:writer@northwind.example']);
    expect((await put('folder=hr&name=late.md', '# Late', cookies.writer)).status).toBe(201);
  });
});

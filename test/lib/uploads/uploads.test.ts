import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../lib/db';
import { DocentError } from '../../../lib/errors';
import { documentId } from '../../../lib/ids';
import { parsePrincipals } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { type UploadContext, type UploadRequest, receiveUpload, uploadOptions } from '../../../lib/uploads/uploads';
import { tempDir } from '../../helpers/temp';
import { person } from '../../helpers/viewers';

const ADMIN = person('root@example.com', [], 'admin');
const WRITER = person('will@example.com', ['writers']);
const MAX = 1024 * 1024;

/** A request body of these chunks; an Error among them fails the stream there, as a dropped connection does. */
function bodyOf(chunks: (Uint8Array | Error | (() => void))[], seen: { pulled: boolean } = { pulled: false }): ReadableStream<Uint8Array> {
  const queue = [...chunks];
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulled = true;
        const next = queue.shift();
        if (next === undefined) return controller.close();
        if (next instanceof Error) return controller.error(next);
        if (typeof next === 'function') {
          next();
          return controller.enqueue(new Uint8Array([0x0a]));
        }
        controller.enqueue(next);
      },
      // Pulled only when read: so a test sees whether a refusal read any of the body.
    },
    { highWaterMark: 0 },
  );
}

const text = (value: string) => new TextEncoder().encode(value);

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (DocentError.isInstance(error)) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected the upload to be refused');
}

describe('uploads into the watched folder', () => {
  let db: Db;
  let root: string;
  let context: UploadContext;
  const logged: string[] = [];
  const hr = () => fs.readdirSync(path.join(root, 'hr')).sort();

  const upload = (request: Partial<UploadRequest>) =>
    receiveUpload(context, {
      viewer: ADMIN,
      who: 'root@example.com',
      folder: 'hr',
      name: 'leave.md',
      overwrite: false,
      declaredBytes: null,
      body: bodyOf([text('# Leave\n')]),
      ...request,
    });

  beforeEach(() => {
    db = openDatabase(tempDir('uploads-data'));
    root = tempDir('uploads-kb');
    fs.mkdirSync(path.join(root, 'hr', 'payroll'), { recursive: true });
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'sales'));
    const store = new SpaceStore(db);
    store.add({ name: 'HR', root: null, folder: 'hr', contributors: parsePrincipals('group:writers') }, 'test');
    store.add({ name: 'Payroll', root: null, folder: 'hr/payroll', readers: parsePrincipals('group:payroll') }, 'test');
    logged.length = 0;
    context = { root, access: store.access(), maxBytes: MAX, log: (message) => logged.push(message) };
  });
  afterEach(() => db.close());

  it('writes the file into the folder, all at once, and tells the document id the watcher will give it', async () => {
    const result = await upload({
      viewer: WRITER,
      who: 'will@example.com',
      name: '../../Leave policy.md',
      body: bodyOf([text('# Leave\n'), text('Ten days a year.\n')]),
    });
    const content = '# Leave\nTen days a year.\n';
    expect(result).toEqual({
      docId: documentId(root, 'hr/Leave policy.md'),
      path: 'hr/Leave policy.md',
      folder: 'hr/',
      name: 'Leave policy.md',
      bytes: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      replaced: false,
      readable: true,
    });
    expect(fs.readFileSync(path.join(root, 'hr', 'Leave policy.md'), 'utf8')).toBe(content);
    expect(hr()).toEqual(['Leave policy.md', 'payroll']);
    expect(logged.join('\n')).toMatch(/will@example\.com added hr\/Leave policy\.md/);
  });

  it('lists the folders each person may add to, with the limits', async () => {
    expect(await uploadOptions(context, ADMIN)).toMatchObject({ folders: ['', 'hr/', 'hr/payroll/', 'sales/'], maxBytes: MAX });
    expect((await uploadOptions(context, ADMIN)).extensions).toContain('.md');
    expect((await uploadOptions(context, WRITER)).folders).toEqual(['hr/']);
    expect((await uploadOptions(context, person('sam@example.com', ['sales']))).folders).toEqual([]);
  });

  it('tells a contributor who may not read the folder that they cannot follow the document', async () => {
    fs.mkdirSync(path.join(root, 'inbox'));
    const store = new SpaceStore(db);
    store.add({ name: 'Inbox', root: null, folder: 'inbox', readers: parsePrincipals('group:board'), contributors: parsePrincipals('everyone') }, 'test');
    context = { ...context, access: store.access() };
    const sam = person('sam@example.com', ['sales']);
    expect((await uploadOptions(context, sam)).folders).toEqual(['inbox/']);
    expect(await upload({ viewer: sam, folder: 'inbox' })).toMatchObject({ path: 'inbox/leave.md', readable: false });
    expect(await upload({ folder: 'inbox', name: 'other.md' })).toMatchObject({ readable: true });
  });

  it('refuses people who may not contribute there, and folders outside the tree', async () => {
    expect(await refusal(upload({ viewer: person('sam@example.com', ['sales']) }))).toMatchObject({ code: 'not_contributor', status: 403 });
    expect(await refusal(upload({ viewer: WRITER, folder: 'hr/payroll' }))).toMatchObject({ code: 'not_contributor', status: 403 });
    expect(await refusal(upload({ viewer: WRITER, folder: 'sales' }))).toMatchObject({ status: 403 });
    expect(await refusal(upload({ folder: '../outside' }))).toMatchObject({ code: 'invalid_folder', status: 400 });
    expect(await refusal(upload({ folder: '.git' }))).toMatchObject({ code: 'invalid_folder', status: 400 });
    expect(await refusal(upload({ folder: 'nowhere' }))).toMatchObject({ code: 'folder_not_found', status: 404 });
    const outside = tempDir('uploads-outside');
    fs.symlinkSync(outside, path.join(root, 'linked'));
    expect(await refusal(upload({ folder: 'linked' }))).toMatchObject({ code: 'outside_root', status: 403 });
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(hr()).toEqual(['payroll']);
  });

  it('refuses a type the ingester does not read before reading the body', async () => {
    const seen = { pulled: false };
    expect(await refusal(upload({ name: 'tool.exe', body: bodyOf([text('MZ')], seen) }))).toMatchObject({ code: 'unsupported_file_type', status: 415 });
    expect(seen.pulled).toBe(false);
    expect(hr()).toEqual(['payroll']);
  });

  it('refuses a declared length over the limit without reading the body', async () => {
    const seen = { pulled: false };
    expect(await refusal(upload({ declaredBytes: MAX + 1, body: bodyOf([text('x')], seen) }))).toMatchObject({ code: 'body_too_large', status: 413 });
    expect(seen.pulled).toBe(false);
    expect(hr()).toEqual(['payroll']);
  });

  it('counts the bytes as they come: a lying or absent length does not let a larger body through, and nothing is left', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x61);
    for (const declaredBytes of [10, null]) {
      const failure = await refusal(upload({ declaredBytes, body: bodyOf([chunk, chunk, chunk, chunk, chunk, chunk]) }));
      expect(failure).toMatchObject({ code: 'body_too_large', status: 413 });
      expect(hr()).toEqual(['payroll']);
    }
    // Exactly at the limit is allowed.
    await upload({ body: bodyOf([chunk, chunk, chunk, chunk]) });
    expect(fs.statSync(path.join(root, 'hr', 'leave.md')).size).toBe(MAX);
  });

  it('refuses an existing name with 409 and leaves it as it was; with overwrite it is replaced', async () => {
    fs.writeFileSync(path.join(root, 'hr', 'leave.md'), 'old');
    expect(await refusal(upload({}))).toMatchObject({ code: 'file_exists', status: 409 });
    expect(fs.readFileSync(path.join(root, 'hr', 'leave.md'), 'utf8')).toBe('old');
    const replaced = await upload({ overwrite: true, body: bodyOf([text('new')]) });
    expect(replaced.replaced).toBe(true);
    expect(fs.readFileSync(path.join(root, 'hr', 'leave.md'), 'utf8')).toBe('new');
    expect(hr()).toEqual(['leave.md', 'payroll']);
    fs.mkdirSync(path.join(root, 'hr', 'folder.md'));
    expect(await refusal(upload({ name: 'folder.md', overwrite: true }))).toMatchObject({ code: 'name_taken', status: 409 });
  });

  it('does not clobber a file that appears while the upload streams', async () => {
    const appear = () => fs.writeFileSync(path.join(root, 'hr', 'leave.md'), 'written meanwhile');
    expect(await refusal(upload({ body: bodyOf([text('mine'), appear, text('more')]) }))).toMatchObject({ code: 'file_exists', status: 409 });
    expect(fs.readFileSync(path.join(root, 'hr', 'leave.md'), 'utf8')).toBe('written meanwhile');
    expect(hr()).toEqual(['leave.md', 'payroll']);
  });

  it('leaves no file and no temporary file when the stream fails midway', async () => {
    const failure = await refusal(upload({ body: bodyOf([text('# Half a doc'), new Error('connection reset')]) }));
    expect(failure).toMatchObject({ code: 'upload_aborted', status: 400 });
    expect(failure.message).toMatch(/nothing was kept/);
    expect(hr()).toEqual(['payroll']);
    expect(logged).toEqual([]);
  });

  it('refuses an empty body and a missing watched folder clearly', async () => {
    expect(await refusal(upload({ body: null }))).toMatchObject({ code: 'empty_file', status: 400 });
    expect(await refusal(upload({ declaredBytes: 0 }))).toMatchObject({ code: 'empty_file' });
    context = { ...context, root: null };
    expect(await refusal(upload({}))).toMatchObject({ code: 'no_watched_folder', status: 404 });
  });
});

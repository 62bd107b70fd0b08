import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './app-server';
import { type BrowserSession, addAccount, ask, startBrowserSession } from './browser-session';

// Adding documents from the chat page in real Chromium against `npm start`: an admin names a group
// the contributors of the facilities folder; a contributor adds a Markdown file with the file input
// and another by dropping it on the chat, sees each go from uploading to searchable, and gets
// answers citing them; the same name again asks before replacing; a broken PDF shows why it was
// quarantined; an asker who may not contribute sees no upload control.

const ADMIN = { email: 'admin@northwind.example', password: 'upload test password' };
const CONTRIBUTOR = { email: 'facilities@northwind.example', password: 'contributor password 1' };
const ASKER = { email: 'asker@northwind.example', password: 'asker password 123' };

const PARKING = '# Parking\n\nBicycle parking is in the courtyard behind Building C. Each employee may register one bicycle with the front desk.\n';
const LOCKERS = '# Lockers\n\nShower lockers on the second floor of Building D are assigned by the facilities team for twelve months at a time.\n';

let session: BrowserSession;
let contributor: Page;

/** Runs in the page: records every stage each upload line shows, since the quick ones pass in a blink. */
function recordStages(): void {
  const seen: Record<string, string[]> = {};
  (window as unknown as { uploadStages: typeof seen }).uploadStages = seen;
  const note = () => {
    for (const item of document.querySelectorAll<HTMLElement>('[data-testid="upload-item"]')) {
      const list = (seen[item.dataset.name!] ??= []);
      if (list.at(-1) !== item.dataset.stage) list.push(item.dataset.stage!);
    }
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
}

const stagesOf = (page: Page, name: string) =>
  page.evaluate((file) => (window as unknown as { uploadStages: Record<string, string[]> }).uploadStages[file] ?? [], name);

const line = (page: Page, name: string) => page.locator(`[data-testid="upload-item"][data-name="${name}"]`).last();

/** Waits until the upload line of `name` says it is searchable (or fails with what it says instead). */
async function untilSearchable(page: Page, name: string): Promise<void> {
  await expect.poll(() => line(page, name).getAttribute('data-stage'), { timeout: 120_000 }).toMatch(/searchable|quarantined|failed/);
  await expect(line(page, name).textContent()).resolves.toContain('Searchable');
}

/** Runs in the page: drops a file on the chat's thread as a person dragging it from their desktop does. */
function dropFile({ name, text, phase }: { name: string; text: string; phase: string }): void {
  const target = document.querySelector('.thread')!;
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, { type: 'text/markdown' }));
  const fire = (type: string) => target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  if (phase === 'enter') {
    fire('dragenter');
    fire('dragover');
  } else fire('drop');
}

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'upload',
    admin: ADMIN,
    documents: (watchDir) => {
      fs.mkdirSync(path.join(watchDir, 'handbook'));
      fs.mkdirSync(path.join(watchDir, 'facilities'));
      fs.copyFileSync(path.resolve('examples/handbook/time-off.md'), path.join(watchDir, 'handbook', 'time-off.md'));
    },
    indexed: ['handbook/time-off.md'],
  });
}, 600_000);

afterAll(() => session?.close());

describe('adding documents from the chat page', () => {
  it('lets an admin name the contributors of a space on the admin page', async () => {
    const admin = await session.signIn(ADMIN, '/admin');
    await addAccount(admin, CONTRIBUTOR, 'asker', 'facilities');
    await addAccount(admin, ASKER, 'asker', '');
    const panel = admin.getByTestId('spaces-panel');
    await panel.getByLabel('Name').fill('Facilities');
    await panel.getByLabel('Folder').fill('facilities');
    await panel.getByLabel('Contributors').fill('group:facilities');
    await panel.getByRole('button', { name: 'Add the space' }).click();
    const row = panel.locator('[data-testid="space-row"][data-name="Facilities"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Contributors: group:facilities');
  });

  it('shows no upload control to an asker who may not contribute anywhere', async () => {
    const signedIn = await session.signIn(ASKER, '/');
    // A fresh page with the asker's session: its only /api/uploads request is this page's (one left in
    // flight by the sign-in page would be gone with it), and once answered (no folders) it has decided.
    const context = await session.browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.addCookies(await signedIn.context().cookies());
    await signedIn.close();
    const asker = await context.newPage();
    const options = asker.waitForResponse((response) => new URL(response.url()).pathname === '/api/uploads');
    await asker.goto(session.app.url);
    await expect((await options).json()).resolves.toMatchObject({ folders: [] });
    await asker.getByLabel('Your question').waitFor();
    await expect(asker.getByLabel('Add a document').count()).resolves.toBe(0);
    await expect(asker.getByTestId('upload-panel').count()).resolves.toBe(0);
    await context.close();
  });

  it('adds a Markdown file with the file input: progress, then searchable, then cited in an answer', async () => {
    contributor = await session.signIn(CONTRIBUTOR, '/');
    await contributor.getByLabel('Add a document').waitFor({ state: 'attached' });
    await expect(contributor.getByLabel('to folder').inputValue()).resolves.toBe('facilities/');
    await contributor.evaluate(recordStages);
    await contributor.getByLabel('Add a document').setInputFiles({ name: 'parking.md', mimeType: 'text/markdown', buffer: Buffer.from(PARKING) });
    await untilSearchable(contributor, 'parking.md');
    const stages = await stagesOf(contributor, 'parking.md');
    expect(stages[0]).toBe('uploading');
    expect(stages.some((stage) => stage === 'waiting' || stage === 'indexing')).toBe(true);
    expect(stages.at(-1)).toBe('searchable');
    expect(fs.readFileSync(path.join(session.watchDir, 'facilities', 'parking.md'), 'utf8')).toBe(PARKING);

    await ask(contributor, 'Where is the bicycle parking?');
    const answer = contributor.locator('article.message.assistant').last();
    await expect(answer.locator('.text').textContent()).resolves.toContain('courtyard behind Building C');
    await expect(answer.locator('.citation .where').first().textContent()).resolves.toContain('facilities/parking.md');
    await contributor.screenshot({ path: path.join(artifactsDir(), 'chat-upload.png'), fullPage: true });
  });

  it('adds a file dropped onto the chat, showing where it goes while it is dragged', async () => {
    await contributor.evaluate(dropFile, { name: 'lockers.md', text: LOCKERS, phase: 'enter' });
    const overlay = contributor.getByTestId('drop-overlay');
    await overlay.waitFor();
    await expect(overlay.textContent()).resolves.toContain('Drop to add to facilities/');
    await contributor.evaluate(dropFile, { name: 'lockers.md', text: LOCKERS, phase: 'drop' });
    await expect(overlay.count()).resolves.toBe(0);
    await untilSearchable(contributor, 'lockers.md');
    expect(await stagesOf(contributor, 'lockers.md')).toContain('uploading');

    await ask(contributor, 'Who assigns the shower lockers?');
    const answer = contributor.locator('article.message.assistant').last();
    await expect(answer.locator('.citation .where').first().textContent()).resolves.toContain('facilities/lockers.md');
  });

  it('asks before replacing a file of the same name, and replaces it when told to', async () => {
    const changed = PARKING.replace('courtyard behind Building C', 'basement garage of Building A');
    await contributor.getByLabel('Add a document').setInputFiles({ name: 'parking.md', mimeType: 'text/markdown', buffer: Buffer.from(changed) });
    const pending = line(contributor, 'parking.md');
    await expect.poll(() => pending.getAttribute('data-stage'), { timeout: 30_000 }).toBe('exists');
    await expect(pending.textContent()).resolves.toContain('Replace it?');
    expect(fs.readFileSync(path.join(session.watchDir, 'facilities', 'parking.md'), 'utf8')).toBe(PARKING);
    await pending.getByRole('button', { name: 'Replace it' }).click();
    await untilSearchable(contributor, 'parking.md');
    expect(fs.readFileSync(path.join(session.watchDir, 'facilities', 'parking.md'), 'utf8')).toBe(changed);

    // The same question as before: now the new version answers it.
    await ask(contributor, 'Where is the bicycle parking?');
    const answer = contributor.locator('article.message.assistant').last();
    await expect(answer.locator('.text').textContent()).resolves.toContain('basement garage of Building A');
  });

  it('shows why a broken PDF could not be indexed', async () => {
    await contributor.getByLabel('Add a document').setInputFiles({ name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 garbage') });
    const broken = line(contributor, 'broken.pdf');
    await expect.poll(() => broken.getAttribute('data-stage'), { timeout: 120_000 }).toMatch(/quarantined|searchable|failed/);
    await expect(broken.getAttribute('data-stage')).resolves.toBe('quarantined');
    await expect(broken.textContent()).resolves.toContain('Not indexed');
    await expect(broken.locator('.upload-message').textContent()).resolves.toMatch(/PDF/);
    // Nothing else is left beside the documents: no temporary file of any upload.
    expect(fs.readdirSync(path.join(session.watchDir, 'facilities')).sort()).toEqual(['broken.pdf', 'lockers.md', 'parking.md']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from './app-server';
import { type BrowserSession, addAccount, ask, startBrowserSession } from './browser-session';

// Spaces in real Chromium against `npm start`: an admin adds a space on the HR folder and its
// people; an HR member's down-rated answer reaches review badged with the space; handed to the
// default space, a reviewer outside HR gets it without the draft; the admin narrows HR's readers;
// and the reviewer's answer reaches the asker as one that could not be shared.

const ADMIN = { email: 'admin@northwind.example', password: 'spaces test password' };
const REVIEWER = { email: 'reviewer@northwind.example', password: 'reviewer password 1' };
const ASKER = { email: 'hr-member@northwind.example', password: 'asker password 123' };
const QUESTION = 'How many dental cleanings per year does the dental plan cover?';

let session: BrowserSession;
let admin: Page;

beforeAll(async () => {
  session = await startBrowserSession({
    name: 'spaces',
    admin: ADMIN,
    documents: (watchDir) => {
      fs.mkdirSync(path.join(watchDir, 'handbook'));
      fs.mkdirSync(path.join(watchDir, 'hr'));
      fs.copyFileSync(path.resolve('examples/handbook/time-off.md'), path.join(watchDir, 'handbook', 'time-off.md'));
      fs.writeFileSync(
        path.join(watchDir, 'hr', 'benefits.md'),
        '# Benefits\n\n## Dental plan\n\nThe dental plan covers two dental cleanings per year for every employee. ' +
          'Fillings are covered at 80 percent after the first year of employment.\n\n## Eye care\n\nThe eye care plan pays for one eye examination every two years.\n',
      );
    },
    indexed: ['hr/benefits.md', 'handbook/time-off.md'],
  });
}, 600_000);

afterAll(() => session?.close());

describe('spaces in a real browser', () => {
  it('lets an admin add a space from the admin page, listed with its readers, owners and the change', async () => {
    admin = await session.signIn(ADMIN, '/admin');
    const panel = admin.getByTestId('spaces-panel');
    const fallback = panel.locator('[data-testid="space-row"][data-name="default"]');
    await fallback.waitFor();
    // The default space cannot be removed: it offers no button to.
    await expect(fallback.getByRole('button', { name: /remove/i }).count()).resolves.toBe(0);

    await addAccount(admin, REVIEWER, 'reviewer', '');
    await addAccount(admin, ASKER, 'asker', 'hr');
    await panel.getByLabel('Name').fill('HR');
    await panel.getByLabel('Folder').fill('hr');
    await panel.getByLabel('Readers').fill('group:hr');
    await panel.getByLabel('Owners').fill(ADMIN.email);
    await panel.getByRole('button', { name: 'Add the space' }).click();
    const hr = panel.locator('[data-testid="space-row"][data-name="HR"]');
    await hr.waitFor();
    await expect(hr.textContent()).resolves.toContain('hr/');
    await expect(hr.getByTestId('space-visibility').textContent()).resolves.toBe('private');
    await expect(hr.textContent()).resolves.toContain('Readers: group:hr');
    await expect(hr.textContent()).resolves.toContain(`Owners: user:${ADMIN.email}`);
    await expect.poll(() => admin.getByTestId('admin-announcement').textContent()).toBe('Added the space HR.');
    const added = panel.getByTestId('space-audit-entry').first();
    await expect(added.textContent()).resolves.toContain('HR: added');
    await expect(added.textContent()).resolves.toContain(`by ${ADMIN.email}`);

    // A wrong reader is the API's message, shown by the form; nothing is added.
    await panel.getByLabel('Name').fill('Finance');
    await panel.getByLabel('Folder').fill('finance');
    await panel.getByLabel('Readers').fill('team:finance');
    await panel.getByRole('button', { name: 'Add the space' }).click();
    await expect(panel.getByTestId('add-space-form').getByRole('alert').textContent()).resolves.toContain('is not a reader or owner');
    await expect(panel.locator('[data-testid="space-row"][data-name="Finance"]').count()).resolves.toBe(0);
    await admin.screenshot({ path: path.join(artifactsDir(), 'admin-spaces.png'), fullPage: true });
  });

  it('badges a review item with its space, hands it to another space, and withholds the draft from a reviewer outside HR', async () => {
    const asker = await session.signIn(ASKER, '/');
    await ask(asker, QUESTION);
    const answer = asker.locator('article.message.assistant').last();
    await expect(answer.getAttribute('data-status')).resolves.toBe('answered');
    await expect(answer.locator('.citation .where').first().textContent()).resolves.toContain('hr/benefits.md');
    await answer.getByRole('button', { name: 'Not helpful', exact: true }).click();
    await answer.getByRole('button', { name: 'Send' }).click();
    await answer.getByText('A reviewer will look at this answer.').waitFor();

    const review = await session.signIn(ADMIN, '/review');
    const item = review.locator(`[data-testid="escalation-item"][data-question="${QUESTION}"]`);
    await item.waitFor();
    await expect(item.getByTestId('escalation-space').getAttribute('data-space')).resolves.toBe('HR');
    // The answer may also quote the handbook (the default space): it is routed to its closest source's space.
    await expect(item.getByTestId('escalation-space').textContent()).resolves.toMatch(/^Space: HR\b/);
    await item.getByTestId('action-handoff').click();
    // The item's own space is not offered.
    await expect(item.getByTestId('handoff-space').locator('option').allTextContents()).resolves.toEqual(['default']);
    await item.getByTestId('submit-handoff').click();
    // Admins answer for every space, so it comes back, now routed to the default space.
    await review.locator(`[data-testid="escalation-item"][data-question="${QUESTION}"] [data-space="default"]`).waitFor();
    await expect.poll(() => review.getByTestId('review-announcement').textContent()).toContain('to the space default');

    const reviewer = await session.signIn(REVIEWER, '/review');
    const handed = reviewer.locator(`[data-testid="escalation-item"][data-question="${QUESTION}"]`);
    await handed.waitFor();
    await expect(handed.getByTestId('draft-withheld').textContent()).resolves.toBe(
      'The draft quotes documents you may not read — write the answer, or hand it to their space.',
    );
    await expect(handed.getByTestId('action-approve').count()).resolves.toBe(0);
    await expect(handed.textContent()).resolves.not.toContain('two dental cleanings');
    await reviewer.screenshot({ path: path.join(artifactsDir(), 'review-withheld.png'), fullPage: true });

    // The admin narrows HR to another group: the asker no longer reads HR's documents.
    await admin.getByRole('button', { name: 'Change HR' }).click();
    const form = admin.getByTestId('space-edit-form');
    await form.getByLabel('Readers').fill('group:finance');
    await form.getByRole('button', { name: 'Save' }).click();
    const hr = admin.locator('[data-testid="space-row"][data-name="HR"]');
    await admin.getByText('Readers: group:finance').waitFor();
    await expect(hr.getByTestId('space-visibility').textContent()).resolves.toBe('private');
    await expect(admin.getByTestId('space-audit-entry').first().textContent()).resolves.toContain('HR: readers: group:hr → group:finance');

    await handed.getByTestId('action-write').click();
    await handed.getByTestId('answer-editor').fill('Two cleanings a year are covered; ask HR about fillings.');
    await handed.getByTestId('submit-review').click();
    await handed.waitFor({ state: 'detached' });

    // The answer rests on HR's documents, which the asker may no longer read: they are told so, without it.
    await asker.reload();
    const withheld = asker.locator('article.message.reviewer[data-status="withheld"]');
    await withheld.waitFor({ timeout: 20_000 });
    await expect(withheld.locator('.meta').textContent()).resolves.toBe('Reviewed by a person · answer not shared');
    await expect(withheld.textContent()).resolves.toContain('could not share this answer with you');
    await expect(withheld.textContent()).resolves.not.toContain('Two cleanings a year are covered');
    await expect(withheld.locator('.citation').count()).resolves.toBe(0);
    // Their earlier answer quoted HR's documents too: it is no longer shown either.
    const earlier = asker.locator('article.message.assistant[data-status="withheld"]');
    await expect(earlier.first().textContent()).resolves.toContain('documents you may no longer read');
    await asker.screenshot({ path: path.join(artifactsDir(), 'chat-withheld.png'), fullPage: true });
    expect(session.dialogs).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../lib/answer/assistant';
import { WITHHELD_REPLY } from '../../../lib/answer/replies';
import { UserStore } from '../../../lib/auth/users';
import { searchChunks } from '../../../lib/retrieval';
import { ANONYMOUS, SYSTEM, type Viewer, parsePrincipals, personViewer } from '../../../lib/spaces/principals';
import { PipelineHarness } from '../../helpers/pipeline-harness';

// The sample handbook is public; hr/ holds a fact only HR may read.
const HANDBOOK = path.resolve('examples/handbook');
const SECRET = 'The salary band K7 for senior potters is 91,350 EUR per year.';

let harness: PipelineHarness;
let assistant: Assistant;
let hr: Viewer;
let finance: Viewer;
let hrLead: Viewer;
let reviewer: Viewer;

beforeAll(async () => {
  harness = await PipelineHarness.create();
  fs.cpSync(HANDBOOK, path.join(harness.root, 'handbook'), { recursive: true });
  fs.mkdirSync(path.join(harness.root, 'hr'));
  fs.writeFileSync(path.join(harness.root, 'hr', 'salary-bands.md'), `# Salary bands\n\n${SECRET} Bands are reviewed every April.\n`);
  await harness.sync();
  assistant = new Assistant(harness.services, { chatModel: null });
  const users = new UserStore(harness.services.db);
  const create = (email: string, role: 'asker' | 'reviewer', groups: string[]) => personViewer(users.create(email, role, 'a long password', groups));
  assistant.spaces.store.add({ name: 'hr', root: null, folder: 'hr', readers: parsePrincipals('group:hr'), owners: parsePrincipals('group:hr-leads') }, 'test');
  hr = create('ann@example.com', 'asker', ['hr']);
  finance = create('bob@example.com', 'asker', ['finance']);
  hrLead = create('lead@example.com', 'reviewer', ['hr-leads']);
  reviewer = create('rev@example.com', 'reviewer', []);
});

afterAll(async () => {
  assistant.close();
  await harness.close();
});

const ask = (viewer: Viewer, question: string, conversationId?: string) => assistant.askToCompletion({ viewer, question, conversationId });
const mentionsSecret = (value: unknown) => /91,350|K7/.test(JSON.stringify(value));

describe('spaces in the answer workflow', () => {
  it('answers from a restricted folder only for its readers, from the first question after a change (no reindex)', async () => {
    const question = 'What is the salary band K7 for senior potters?';
    expect(mentionsSecret((await ask(SYSTEM, question)).events)).toBe(true);
    assistant.spaces.store.set('hr', { public: true }, 'test');
    expect(mentionsSecret((await ask(ANONYMOUS, question)).events)).toBe(true);
    assistant.spaces.store.set('hr', { public: false }, 'test');
    for (const outsider of [ANONYMOUS, finance]) {
      const { events } = await ask(outsider, question);
      expect(mentionsSecret(events)).toBe(false);
    }
    const allowed = await ask(hr, question);
    expect(allowed.outcome.outcome).toBe('answered');
    expect(allowed.outcome.text).toContain('91,350');
    // Public documents still answer everyone.
    expect((await ask(finance, 'What gloves are required in the kiln area?')).outcome.outcome).toBe('answered');
  });

  it('keeps a signed-in asker’s conversation theirs: nobody else may continue or read it', async () => {
    const { outcome } = await ask(hr, 'How many vacation days do I get per year?');
    expect(() => assistant.checkConversation(finance, outcome.conversationId)).toThrow(/no such conversation/);
    expect(() => assistant.checkConversation(ANONYMOUS, outcome.conversationId)).toThrow(/no such conversation/);
    expect(() => assistant.checkConversation(hr, outcome.conversationId)).not.toThrow();
    await expect(ask(finance, 'and the salary band K7?', outcome.conversationId)).rejects.toThrow(/no such conversation/);
    // An anonymous conversation becomes the asker's when they continue it signed in.
    const browser: Viewer = { kind: 'anonymous', browser: 'browser-key-1' };
    const anonymous = await ask(browser, 'What gloves are required in the kiln area?');
    await ask({ ...(hr as Extract<Viewer, { kind: 'person' }>), browser: 'browser-key-1' }, 'And for the glazing room?', anonymous.outcome.conversationId);
    expect(() => assistant.checkConversation(browser, anonymous.outcome.conversationId)).toThrow(/no such conversation/);
    expect(() => assistant.checkConversation(hr, anonymous.outcome.conversationId)).not.toThrow();
  });

  it('routes an escalation to its space’s owners, withholds it from other reviewers, and delivers the answer only to askers who may read it', async () => {
    // A sensitive question always goes to a person, with the passages found as its sources.
    const question = 'My lawyer says the K7 salary band for senior potters is unfair: who reviews it?';
    const first = await ask(hr, question);
    expect(first.outcome.outcome).toBe('escalated');
    const escalation = assistant.escalations.get(first.outcome.escalationId!)!;
    // Its closest source is HR's; the others are public handbook pages.
    expect(escalation).toMatchObject({ space: 'hr', spaces: ['hr', 'default'] });
    // A public asker's same question joins the item (one queue item per question).
    const second = await ask(ANONYMOUS, question);
    expect(second.outcome.escalationId).toBe(escalation.id);
    expect(assistant.reviews.queue(hrLead, { status: 'open' }).escalations.map((item) => item.id)).toContain(escalation.id);
    expect(assistant.reviews.queue(reviewer, { status: 'open' }).escalations.map((item) => item.id)).not.toContain(escalation.id);
    expect(() => assistant.reviews.item(reviewer, escalation.id)).toThrow(/no escalation/);
    await assistant.reviews.decide(escalation.id, {
      action: 'write',
      viewer: hrLead,
      actor: 'lead@example.com',
      content: 'The HR lead decides; code word OSPREY.',
    });
    const delivered = (conversationId: string) => assistant.conversations.messages(conversationId).filter((message) => message.role === 'reviewer');
    expect(delivered(first.outcome.conversationId)[0]!.content).toContain('OSPREY');
    expect(delivered(second.outcome.conversationId)[0]).toMatchObject({ content: WITHHELD_REPLY, status: 'withheld', citations: [] });
    // The reviewed answer belongs to its sources' spaces: found for HR askers, hidden inside the index query from others.
    const found = async (viewer: Viewer) =>
      (
        await searchChunks(harness.services, question, { k: 5, filter: { sourceTypes: ['curated'], access: assistant.spaces.filterFor(viewer) ?? undefined } })
      ).some((hit) => hit.text.includes('OSPREY'));
    expect(await found(hr)).toBe(true);
    for (const outsider of [ANONYMOUS, finance, reviewer]) {
      expect(await found(outsider)).toBe(false);
      expect(JSON.stringify((await ask(outsider, 'Who reviews the K7 salary band for senior potters?')).events)).not.toContain('OSPREY');
    }
    expect(assistant.reviews.curatedFor(reviewer).some((entry) => entry.answer.includes('OSPREY'))).toBe(false);
    expect(assistant.reviews.curatedFor(hrLead).some((entry) => entry.answer.includes('OSPREY'))).toBe(true);
  });

  it('narrowing a space afterwards hides its reviewed answers too; removing it leaves its folder to admins', async () => {
    const earlier = await ask(hr, 'What is the salary band K7 for senior potters?');
    expect(mentionsSecret(assistant.access.visible(hr, assistant.conversations.messages(earlier.outcome.conversationId)))).toBe(true);
    assistant.spaces.store.set('hr', { readers: parsePrincipals('group:hr-core') }, 'test');
    expect(mentionsSecret((await ask(hr, 'What is the salary band K7 for senior potters?')).events)).toBe(false);
    // Their earlier answer from the folder is not shown any more either.
    const history = assistant.access.visible(hr, assistant.conversations.messages(earlier.outcome.conversationId));
    expect(mentionsSecret(history.filter((message) => message.role !== 'user'))).toBe(false);
    expect(history.at(-1)).toMatchObject({ status: 'withheld', citations: [] });
    assistant.spaces.store.remove('hr', 'test');
    for (const viewer of [hr, hrLead, ANONYMOUS])
      expect(mentionsSecret((await ask(viewer, 'What is the salary band K7 for senior potters?')).events)).toBe(false);
    expect(mentionsSecret((await ask(SYSTEM, 'What is the salary band K7 for senior potters?')).events)).toBe(true);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../lib/answer/assistant';
import type { AnswerEvent } from '../../../lib/answer/events';
import { OpenAIChatModel } from '../../../lib/answer/llm';
import { UserStore } from '../../../lib/auth/users';
import { ANONYMOUS, type Viewer, parsePrincipals, personViewer } from '../../../lib/spaces/principals';
import { OpenAIDouble } from '../../helpers/openai-double';
import { PipelineHarness } from '../../helpers/pipeline-harness';
import { testConfig } from '../../helpers/temp';

let harness: PipelineHarness;
let assistant: Assistant;
let ann: Viewer;
let bob: Viewer;
let hrLead: Viewer;
let otherReviewer: Viewer;
let admin: Viewer;
const browserA: Viewer = { kind: 'anonymous', browser: 'key-of-browser-a' };
const browserB: Viewer = { kind: 'anonymous', browser: 'key-of-browser-b' };

beforeAll(async () => {
  // No spot check is sampled on its own (the first answer of a quiet space always is): the test makes the one it forgets.
  harness = await PipelineHarness.create({ config: testConfig({ DOCENT_SPOT_CHECK_SHARE: '0' }) });
  fs.cpSync(path.resolve('examples/handbook'), path.join(harness.root, 'handbook'), { recursive: true });
  fs.mkdirSync(path.join(harness.root, 'hr'));
  fs.writeFileSync(path.join(harness.root, 'hr', 'bands.md'), '# Salary bands\n\nThe salary band K7 for senior potters is 91,350 EUR per year.\n');
  await harness.sync();
  assistant = new Assistant(harness.services, { chatModel: null });
  const users = new UserStore(harness.services.db);
  const create = (email: string, role: 'asker' | 'reviewer' | 'admin', groups: string[] = []) =>
    personViewer(users.create(email, role, 'a long password', groups));
  assistant.spaces.store.add({ name: 'hr', root: null, folder: 'hr', readers: parsePrincipals('everyone'), owners: parsePrincipals('group:hr-leads') }, 'test');
  assistant.spaces.store.set('default', { owners: parsePrincipals('user:other@example.com') }, 'test');
  ann = create('ann@example.com', 'asker');
  bob = create('bob@example.com', 'asker');
  hrLead = create('lead@example.com', 'reviewer', ['hr-leads']);
  otherReviewer = create('other@example.com', 'reviewer');
  admin = create('admin@example.com', 'admin');
});

afterAll(async () => {
  assistant.close();
  await harness.close();
});

const ask = (viewer: Viewer, question: string, conversationId?: string, replaces?: string) =>
  assistant.askToCompletion({ viewer, question, conversationId, replaces });
const inBrowser = (viewer: Viewer, browser: string): Viewer => ({ ...(viewer as Extract<Viewer, { kind: 'person' }>), browser });
const rightOf = (viewer: Viewer, id: string) => assistant.access.rightOf(viewer, id);

describe('who may open a conversation', () => {
  it('opens an anonymous conversation only in the browser that started it, and lets it be continued there after signing in', async () => {
    const { outcome } = await ask(browserA, 'What gloves are required in the kiln area?');
    expect(rightOf(browserA, outcome.conversationId)).toBe('owner');
    for (const stranger of [browserB, ANONYMOUS, bob, inBrowser(bob, 'key-of-browser-b')]) {
      expect(rightOf(stranger, outcome.conversationId)).toBeNull();
      expect(() => assistant.access.open(stranger, outcome.conversationId)).toThrow(/no such conversation/);
      await expect(ask(stranger, 'and in the glazing room?', outcome.conversationId)).rejects.toThrow(/no such conversation/);
    }
    await ask(inBrowser(ann, 'key-of-browser-a'), 'And in the glazing room?', outcome.conversationId);
    // Now Ann's: her other devices open it, the anonymous browser no longer does.
    expect(rightOf(ann, outcome.conversationId)).toBe('owner');
    expect(rightOf(browserA, outcome.conversationId)).toBeNull();
  });

  it('lets reviewers of the spaces its questions went to read it, not continue it; other reviewers not at all', async () => {
    const { outcome } = await ask(ann, 'My lawyer says the K7 salary band for senior potters is unfair: who reviews it?');
    expect(outcome.outcome).toBe('escalated');
    expect(assistant.escalations.get(outcome.escalationId!)!.space).toBe('hr');
    expect(rightOf(hrLead, outcome.conversationId)).toBe('reviewer');
    expect(assistant.access.open(hrLead, outcome.conversationId).messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(() => assistant.checkConversation(hrLead, outcome.conversationId)).toThrow(/no such conversation/);
    expect(rightOf(otherReviewer, outcome.conversationId)).toBeNull();
    expect(rightOf(admin, outcome.conversationId)).toBe('reviewer');
    // A conversation without an escalation is its owner's alone, whatever the reviewer's spaces.
    const plain = await ask(ann, 'What gloves are required in the kiln area?');
    expect(rightOf(hrLead, plain.outcome.conversationId)).toBeNull();
  });

  it('does not let a client name a new conversation: a made-up or deleted id is not found', async () => {
    await expect(ask(ann, 'What gloves are required in the kiln area?', crypto.randomUUID())).rejects.toThrow(/no such conversation/);
    const { outcome } = await ask(ann, 'What gloves are required in the kiln area?');
    assistant.forgetFor(ann, outcome.conversationId);
    await expect(ask(bob, 'Mine now?', outcome.conversationId)).rejects.toThrow(/no such conversation/);
    await expect(ask(ann, 'And again?', outcome.conversationId)).rejects.toThrow(/no such conversation/);
  });

  it('keeps conversations from before browsers were told apart closed to everyone but reviewers', async () => {
    const id = assistant.conversations.ensure(null, 'an old question');
    expect(rightOf(ANONYMOUS, id)).toBeNull();
    expect(rightOf(browserA, id)).toBeNull();
    expect(rightOf(admin, id)).toBe('reviewer');
  });
});

describe('a signed-in person’s history', () => {
  it('lists their conversations titled by the first question, renames and deletes them with their answer log entries', async () => {
    const first = await ask(bob, 'How do I request time off?');
    await ask(bob, 'And how long does approval take?', first.outcome.conversationId);
    const history = assistant.access.history(bob);
    expect(history[0]).toMatchObject({ id: first.outcome.conversationId, title: 'How do I request time off?' });
    expect(history.every((item) => assistant.conversations.ownerOf(item.id)?.ownerId === (bob as { id: string }).id)).toBe(true);
    expect(assistant.access.history(browserA)).toEqual([]);

    expect(() => assistant.access.rename(ann, first.outcome.conversationId, 'Mine now')).toThrow(/no such conversation/);
    assistant.access.rename(bob, first.outcome.conversationId, '  Time   off  ');
    expect(assistant.access.history(bob)[0]!.title).toBe('Time off');

    assistant.spotChecks.create({
      answerId: first.outcome.answerId,
      conversationId: first.outcome.conversationId,
      space: 'default',
      question: 'How do I request time off?',
      answer: first.outcome.text,
      citations: first.outcome.citations,
    });
    expect(() => assistant.forgetFor(hrLead, first.outcome.conversationId)).toThrow(/no such conversation/);
    expect(assistant.answerLog.get(first.outcome.answerId)).not.toBeNull();
    const report = assistant.forgetFor(bob, first.outcome.conversationId);
    expect(report).toMatchObject({ messages: 4, answers_logged: 2, spot_checks: 1 });
    expect(assistant.spotChecks.list({}).some((check) => check.conversationId === first.outcome.conversationId)).toBe(false);
    expect(assistant.answerLog.get(first.outcome.answerId)).toBeNull();
    expect(assistant.access.history(bob).some((item) => item.id === first.outcome.conversationId)).toBe(false);
  });
});

describe('asking again and editing', () => {
  it('replaces the earlier turn in the conversation and keeps both answers in the log', async () => {
    const first = await ask(ann, 'What gloves are required in the kiln area?');
    const id = first.outcome.conversationId;
    const edited = await ask(ann, 'What gloves are required in the glazing room?', id, first.outcome.questionId);
    const shown = assistant.access.open(ann, id).messages;
    expect(shown.map((message) => message.content)[0]).toBe('What gloves are required in the glazing room?');
    expect(shown.map((message) => message.id)).toEqual([edited.outcome.questionId, edited.outcome.messageId]);
    expect(assistant.answerLog.get(first.outcome.answerId)?.question).toBe('What gloves are required in the kiln area?');
    // Follow-ups read the conversation as shown: the replaced question is not "the previous one".
    expect(assistant.conversations.recentQuestions(id, 5)).toEqual(['What gloves are required in the glazing room?']);
    await expect(ask(ann, 'again', id, crypto.randomUUID())).rejects.toThrow(/not one of this conversation/);
    await expect(ask(ann, 'again', id, edited.outcome.messageId)).rejects.toThrow(/not one of this conversation/);
    // A stale tab asking again for the question already replaced does not hide its replacement.
    await expect(ask(ann, 'again', id, first.outcome.questionId)).rejects.toThrow(/not one of this conversation/);
    expect(assistant.access.open(ann, id).messages.map((message) => message.id)).toEqual([edited.outcome.questionId, edited.outcome.messageId]);
  });

  it('keeps an answer recorded late (a stopped one) with its own question, also when that question is replaced meanwhile', () => {
    const { conversations } = assistant;
    const id = conversations.ensure(null, 'q1', { ownerId: null, browserId: 'b' });
    const base = { conversationId: id, status: null, answerId: null, escalationId: null, citations: [] };
    const q1 = conversations.add({ ...base, role: 'user', content: 'q1', createdAt: 100 });
    const q2 = conversations.add({ ...base, role: 'user', content: 'q2', createdAt: 200 });
    conversations.add({ ...base, role: 'assistant', content: 'a1 (stopped)', status: 'stopped', createdAt: q1.createdAt, answering: q1.id });
    expect(conversations.messages(id).map((message) => message.content)).toEqual(['q1', 'a1 (stopped)', 'q2']);
    // q2 edited: q1's answer, recorded after q2, is not part of q2's turn.
    conversations.replace(id, q2.id, 'q2-edit');
    expect(conversations.messages(id).map((message) => message.content)).toEqual(['q1', 'a1 (stopped)']);
    // q1 replaced while its answer was still being written: the answer leaves with it.
    conversations.replace(id, q1.id, 'q1-edit');
    conversations.add({ ...base, role: 'assistant', content: 'late', status: 'stopped', createdAt: q1.createdAt, answering: q1.id });
    expect(conversations.messages(id)).toEqual([]);
  });
});

describe('stopping an answer', () => {
  it('cancels the model call, ends the run as stopped and records it with what had been written', async () => {
    const double = await new OpenAIDouble().start();
    double.pieceDelayMs = 40;
    double.chat = { reply: 'Wear heat-resistant gloves rated to 500 °C in the kiln area [1]. '.repeat(20) };
    const withModel = new Assistant(harness.services, { chatModel: new OpenAIChatModel({ model: 'double', baseUrl: double.baseUrl, timeoutMs: 20_000 }) });
    try {
      const stop = new AbortController();
      const events: AnswerEvent[] = [];
      for await (const event of withModel.ask({ viewer: ann, question: 'What gloves are required in the kiln area?', signal: stop.signal })) {
        events.push(event);
        if (event.type === 'token' && events.filter((seen) => seen.type === 'token').length === 3) stop.abort();
      }
      const outcome = events.at(-1)!;
      if (outcome.type !== 'outcome') throw new Error('no outcome');
      expect(outcome.outcome).toBe('stopped');
      // The passages it was written from, so that it is withheld from whoever may not read them.
      expect(outcome.citations.length).toBeGreaterThan(0);
      expect(withModel.conversations.get(outcome.messageId)?.citations).toEqual(outcome.citations);
      expect(outcome.text.length).toBeGreaterThan(0);
      expect(outcome.text.length).toBeLessThan(double.chat.reply.toString().length / 2);
      const logged = withModel.answerLog.get(outcome.answerId)!;
      expect(logged.outcome).toBe('stopped');
      expect(logged.answer).toBe(outcome.text);
      expect(withModel.conversations.get(outcome.messageId)?.status).toBe('stopped');
      // The model's stream was closed from our side, so it stopped writing too.
      await expect.poll(() => double.abortedStreams).toBe(1);

      // Deleted by its asker while it is being written: nothing of it is recorded afterwards.
      const escalations = withModel.escalations.list({}).length;
      double.chat = { reply: 'NOT_IN_DOCUMENTS' };
      double.pieceDelayMs = 0;
      let deleted: Extract<AnswerEvent, { type: 'outcome' }> | null = null;
      for await (const event of withModel.ask({ viewer: ann, question: 'Is there a staff discount at the outlet store?' })) {
        if (event.type === 'started') withModel.forgetFor(ann, event.conversationId);
        if (event.type === 'outcome') deleted = event;
      }
      expect(deleted).toMatchObject({ outcome: 'escalated', messageId: '' });
      expect(withModel.answerLog.get(deleted!.answerId)).toBeNull();
      expect(withModel.escalations.list({})).toHaveLength(escalations);
    } finally {
      withModel.close();
      await double.stop();
    }
  });
});

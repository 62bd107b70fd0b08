import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../lib/answer/assistant';
import { MIN_VERDICTS_FOR_ALERT } from '../../../lib/answer/spot-check-review';
import { wilsonInterval } from '../../../lib/answer/spot-checks';
import { UserStore } from '../../../lib/auth/users';
import { ANONYMOUS, type Viewer, parsePrincipals, personViewer } from '../../../lib/spaces/principals';
import { PipelineHarness } from '../../helpers/pipeline-harness';
import { testConfig } from '../../helpers/temp';

describe('the Wilson interval of a measured precision', () => {
  it('matches the textbook values and stays inside [0, 1]', () => {
    const [low, high] = wilsonInterval(8, 10)!;
    expect(low).toBeCloseTo(0.49, 2);
    expect(high).toBeCloseTo(0.943, 2);
    expect(wilsonInterval(10, 10)![1]).toBe(1);
    expect(wilsonInterval(0, 5)![0]).toBe(0);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('spot checks: owners mark a sample of answered questions right or wrong', () => {
  let harness: PipelineHarness;
  let assistant: Assistant;
  let owner: Viewer;
  let otherReviewer: Viewer;

  beforeAll(async () => {
    // Every answer is sampled here, so each answered question becomes a check.
    harness = await PipelineHarness.create({ config: testConfig({ DOCENT_SPOT_CHECK_SHARE: '1' }) });
    fs.cpSync(path.resolve('examples/handbook'), path.join(harness.root, 'handbook'), { recursive: true });
    await harness.sync();
    assistant = new Assistant(harness.services, { chatModel: null });
    const users = new UserStore(harness.services.db);
    owner = personViewer(users.create('owner@example.com', 'reviewer', 'a long password', ['handbook-owners']));
    otherReviewer = personViewer(users.create('other@example.com', 'reviewer', 'a long password', ['finance']));
    assistant.spaces.store.add(
      { name: 'handbook', root: null, folder: 'handbook', owners: parsePrincipals('group:handbook-owners'), webhookUrl: 'http://127.0.0.1:9/hook' },
      'test',
    );
  });

  afterAll(async () => {
    assistant.close();
    await harness.close();
  });

  it('samples answered questions for their space’s owners only, and a correction reaches the asker as a reviewed answer', async () => {
    const { outcome } = await assistant.askToCompletion({ viewer: ANONYMOUS, question: 'What gloves are required in the kiln area?' });
    expect(outcome.outcome).toBe('answered');
    const queue = assistant.reviews.spotChecks(owner, 'open');
    const check = queue.checks.find((item) => item.answerId === outcome.answerId)!;
    expect(check).toMatchObject({ space: 'handbook', status: 'open', question: 'What gloves are required in the kiln area?', answer: outcome.text });
    expect(assistant.reviews.spotChecks(otherReviewer, 'open').checks).toEqual([]);
    await expect(assistant.reviews.decideSpotCheck(check.id, { verdict: 'right', actor: 'other@example.com', viewer: otherReviewer })).rejects.toThrow(
      /no spot check/,
    );

    const decided = await assistant.reviews.decideSpotCheck(check.id, {
      verdict: 'wrong',
      actor: 'owner@example.com',
      viewer: owner,
      correction: 'Heat-resistant gloves rated to 500 °C, and a face shield when the kiln is open.',
    });
    expect(decided).toMatchObject({ status: 'wrong', checkedBy: 'owner@example.com' });
    expect(assistant.curated.get(decided.curatedId!)).toMatchObject({ status: 'active', spaces: ['handbook'] });
    const delivered = assistant.conversations.messages(outcome.conversationId).filter((message) => message.role === 'reviewer');
    expect(delivered[0]!.content).toContain('face shield');
    await expect(assistant.reviews.decideSpotCheck(check.id, { verdict: 'right', actor: 'owner@example.com', viewer: owner })).rejects.toThrow(
      /already marked/,
    );
  });

  it('shows an owner an answer that also quotes a space they may not read without it, and leaves the verdict to someone who may', async () => {
    assistant.spaces.store.add({ name: 'secret', root: null, folder: 'secret', readers: parsePrincipals('group:secret') }, 'test');
    const cite = (n: number, file: string) => ({
      n,
      chunkId: `c${n}`,
      docId: `d${n}`,
      root: harness.root,
      path: file,
      title: null,
      page: null,
      heading: null,
      quote: `quote ${n}`,
      charStart: 0,
      charEnd: 7,
      sourceType: 'document' as const,
    });
    const check = assistant.spotChecks.create({
      answerId: crypto.randomUUID(),
      conversationId: crypto.randomUUID(),
      space: 'handbook',
      question: 'What is the code word?',
      answer: 'Quoting the documents: the code word is HERONSONG [2]',
      citations: [cite(1, 'handbook/a.md'), cite(2, 'secret/b.md')],
    });
    const seen = assistant.reviews.spotChecks(owner, 'open').checks.find((item) => item.id === check.id)!;
    expect(seen).toMatchObject({ withheld: true, answer: '' });
    expect(seen.citations.map((citation) => citation.path)).toEqual(['handbook/a.md']);
    expect(JSON.stringify(assistant.reviews.spotChecks(owner))).not.toContain('HERONSONG');
    await expect(assistant.reviews.decideSpotCheck(check.id, { verdict: 'right', actor: 'owner@example.com', viewer: owner })).rejects.toThrow(/may not read/);
    expect(assistant.spotChecks.get(check.id)!.status).toBe('open');
    // The verdict stays open for someone who may read both; remove it so the precision below counts only real answers.
    harness.services.db.prepare('delete from spot_checks where id = ?').run(check.id);
  });

  it('measures precision per space with its interval, and alerts the space’s webhook once it falls below the set level', async () => {
    const questions = [
      'How many vacation days do I get per year?',
      'What is the hotel cap per night?',
      'How do I reset my password?',
      'When does the cafeteria open?',
      'What gloves are required in the kiln area?',
    ];
    for (let round = 0; assistant.reviews.spotChecks(owner, 'open').checks.length < MIN_VERDICTS_FOR_ALERT && round < 5; round += 1)
      for (const question of questions) await assistant.askToCompletion({ viewer: ANONYMOUS, question });
    const open = assistant.reviews.spotChecks(owner, 'open').checks;
    expect(open.length).toBeGreaterThanOrEqual(MIN_VERDICTS_FOR_ALERT);
    const before = assistant.alerts.pending();
    // Right, right, then wrong: precision falls under 90% after enough verdicts.
    for (const [n, check] of open.entries())
      await assistant.reviews.decideSpotCheck(check.id, { verdict: n % 3 === 2 ? 'wrong' : 'right', actor: 'owner@example.com', viewer: owner });
    const [handbook] = assistant.reviews.precision(owner);
    const wrong = Math.floor(open.length / 3) + 1;
    expect(handbook).toMatchObject({ space: 'handbook', checked: open.length + 1, right: open.length + 1 - wrong, open: 0 });
    expect(handbook!.ci_low!).toBeLessThan(handbook!.precision!);
    expect(handbook!.ci_high!).toBeGreaterThan(handbook!.precision!);
    expect(assistant.alerts.pending()).toBeGreaterThan(before);
    expect(assistant.reviews.precision(otherReviewer)).toEqual([]);
  });
});

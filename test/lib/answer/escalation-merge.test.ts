import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationStore } from '../../../lib/answer/conversations';
import { CuratedStore } from '../../../lib/answer/curated';
import { EscalationStore, type NewEscalation } from '../../../lib/answer/escalations';
import { CALIBRATED_PARAPHRASE_MODEL } from '../../../lib/answer/paraphrase-model';
import { type ReviewDependencies, reviewEscalation } from '../../../lib/answer/review';
import { type Db, openDatabase } from '../../../lib/db';
import { tempDir } from '../../helpers/temp';
import { ANONYMOUS, SYSTEM } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { Spaces } from '../../../lib/spaces/spaces';

// One review item per question: the store folds repeats into the open escalation, and a review
// reaches every asker. Vectors here are made up: the matcher's lexical half decides, with the
// dense similarity given (the real embedder is exercised in paraphrase.test.ts and the workflow).

const MODEL = 'local:universal-sentence-encoder-lite:512';
const matcher = CALIBRATED_PARAPHRASE_MODEL;

let db: Db;
let escalations: EscalationStore;
let conversations: ConversationStore;

beforeEach(() => {
  db = openDatabase(tempDir('docent-merge-'));
  escalations = new EscalationStore(db);
  conversations = new ConversationStore(db);
});

afterEach(() => db.close());

/** A vector at the given cosine to `direction(0)`: similar questions get close vectors. */
function vectorAt(cosine: number): Float32Array {
  const vector = new Float32Array(512);
  vector[0] = cosine;
  vector[1] = Math.sqrt(1 - cosine * cosine);
  return vector;
}

function ask(
  question: string,
  options: { conversation?: string; cosine?: number; category?: NewEscalation['category']; reason?: NewEscalation['reason'] } = {},
) {
  const conversationId = conversations.ensure(options.conversation ?? null, question);
  const answerId = `answer-${Math.random().toString(36).slice(2)}`;
  const result = escalations.openOrJoin(
    {
      conversationId,
      answerId,
      question,
      draft: null,
      sources: [],
      score: 0.2,
      reason: options.reason ?? 'low_confidence',
      category: options.category ?? 'question',
      embedding: { vector: vectorAt(options.cosine ?? 1), model: MODEL },
    },
    matcher,
  );
  return { ...result, conversationId, answerId };
}

describe('one open escalation per question', () => {
  it('two conversations asking the same question make one open item with two askers', () => {
    const first = ask('Can I bring my dog to the office?');
    const second = ask('can I bring my dog to the office', { cosine: 0.97 });
    expect(first.joined).toBe(false);
    expect(second).toMatchObject({ joined: true, escalation: { id: first.escalation.id, askers: 2 } });
    expect(escalations.list({ status: 'open' })).toHaveLength(1);
    expect(escalations.list({ status: 'open' })[0]).toMatchObject({ askers: 2 });
    expect(escalations.askers(first.escalation.id).map((asker) => asker.conversationId)).toEqual([first.conversationId, second.conversationId]);
    // The trail shows the repeat; the asker's words stay out of it (they are personal data).
    expect(escalations.actions(first.escalation.id).map((action) => [action.action, action.content])).toEqual([
      ['open', null],
      ['asked', null],
    ]);
  });

  it('absorbs a paraphrase from another conversation, by meaning, with the same embedder only', () => {
    const first = ask('Can I bring my dog to the office?');
    const paraphrase = ask('Are dogs allowed in the office on Fridays?', { cosine: 0.72 });
    expect(paraphrase).toMatchObject({ joined: true, escalation: { id: first.escalation.id, askers: 2 } });
    // Another embedder's vector cannot be compared: the rewording becomes its own item.
    const otherModel = escalations.openOrJoin(
      {
        conversationId: conversations.ensure(null, 'x'),
        answerId: null,
        question: 'Is my dog allowed at the office?',
        draft: null,
        sources: [],
        score: null,
        reason: 'low_confidence',
        category: 'question',
        embedding: { vector: vectorAt(0.9), model: 'openai:text-embedding-3-small:1536' },
      },
      matcher,
    );
    expect(otherModel.joined).toBe(false);
  });

  it('counts a conversation asking again once', () => {
    const first = ask('How do I reset my password?');
    const again = ask('How do I reset my password?', { conversation: first.conversationId });
    const reworded = ask('how do i reset my pasword', { conversation: first.conversationId, cosine: 0.93 });
    expect(again).toMatchObject({ joined: true, escalation: { id: first.escalation.id, askers: 1 } });
    expect(reworded).toMatchObject({ joined: true, escalation: { askers: 1 } });
    expect(escalations.actions(first.escalation.id).map((action) => action.action)).toEqual(['open']);
  });

  it('keeps a different question, and a near-miss that swaps the key word, as separate items', () => {
    const dog = ask('Can I bring my dog to the office?');
    const cat = ask('Can I bring my cat to the office?', { cosine: 0.85 });
    const other = ask('How do I connect to the VPN?', { cosine: 0.3 });
    expect(cat.joined).toBe(false);
    expect(other.joined).toBe(false);
    expect(new Set([dog.escalation.id, cat.escalation.id, other.escalation.id]).size).toBe(3);
    expect(escalations.list({ status: 'open' }).map((item) => item.askers)).toEqual([1, 1, 1]);
  });

  it('merges sensitive questions only with identical sensitive ones', () => {
    const sensitive = { category: 'sensitive' as const, reason: 'sensitive' as const };
    const first = ask('I want to report harassment by my manager', sensitive);
    expect(ask('I want to report harassment by my manager.', sensitive)).toMatchObject({ joined: true, escalation: { id: first.escalation.id } });
    // Worded differently, or not sensitive: a separate item, whatever the similarity.
    expect(ask('I want to report harassment by my team lead', { ...sensitive, cosine: 0.99 }).joined).toBe(false);
    expect(ask('I want to report harassment by my manager').joined).toBe(false);
  });

  it('does not absorb into a handled escalation', () => {
    const first = ask('Is there a gym in the building?');
    escalations.resolve(first.escalation.id, 'answered', null);
    expect(ask('Is there a gym in the building?').joined).toBe(false);
  });

  it('a forgotten first asker hands the item to the next one, in their words', () => {
    const first = ask('Can I bring my dog to the office?');
    const second = ask('Are dogs allowed in the office on Fridays?', { cosine: 0.72 });
    escalations.releaseConversation(first.conversationId);
    expect(escalations.get(first.escalation.id)).toMatchObject({
      conversationId: second.conversationId,
      answerId: second.answerId,
      question: 'Are dogs allowed in the office on Fridays?',
      askers: 1,
    });
  });
});

describe('the reviewed answer reaches every asker', () => {
  const registry = { get: () => null } as unknown as ReviewDependencies['registry'];
  function reviewDependencies(): ReviewDependencies {
    // Indexing a curated answer needs an index and an embedder; here they only have to accept it.
    const index = { identity: { provider: 'local', model: 'x', dimension: 2 }, listDocumentPoints: async () => [], writeDocument: async () => undefined };
    const scheduler = { embed: async (texts: string[]) => texts.map(() => new Float32Array(2)) };
    const curated = new CuratedStore(db);
    return {
      escalations,
      conversations,
      curated,
      spaces: new Spaces(new SpaceStore(db), curated, () => registry),
      viewerOf: (conversationId: string) => (conversations.exists(conversationId) ? ANONYMOUS : null),
      registry,
      index: index as unknown as ReviewDependencies['index'],
      scheduler: scheduler as unknown as ReviewDependencies['scheduler'],
    };
  }

  it('approving posts the reviewed answer to each asker’s conversation, once each', async () => {
    const first = ask('Can I bring my dog to the office?');
    const second = ask('Are dogs allowed in the office on Fridays?', { cosine: 0.72 });
    ask('Can I bring my dog to the office?', { conversation: second.conversationId });
    const { escalation } = await reviewEscalation(reviewDependencies(), first.escalation.id, {
      action: 'write',
      viewer: SYSTEM,
      actor: 'reviewer@example.org',
      content: 'Dogs are welcome on Fridays, on a lead.',
    });
    expect(escalation).toMatchObject({ status: 'answered', askers: 2 });
    for (const { conversationId, answerId } of [first, second]) {
      const replies = conversations.messages(conversationId).filter((message) => message.role === 'reviewer');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({ content: 'Dogs are welcome on Fridays, on a lead.', status: 'reviewed', escalationId: first.escalation.id });
      expect(replies[0]!.citations[0]).toMatchObject({ sourceType: 'curated', heading: 'Reviewed answer' });
      expect(replies[0]!.answerId).toBe(answerId);
    }
  });

  it('rejecting tells every asker why, as it told the one asker before', async () => {
    const first = ask('Is there a company yacht I can borrow?');
    const second = ask('is there a company yacht i can borrow', { cosine: 0.98 });
    await reviewEscalation(reviewDependencies(), first.escalation.id, { action: 'reject', viewer: SYSTEM, actor: 'reviewer', reason: 'Not a company matter.' });
    for (const { conversationId } of [first, second]) {
      expect(conversations.messages(conversationId).at(-1)).toMatchObject({
        role: 'reviewer',
        status: 'rejected',
        content: 'A reviewer looked at your question and could not answer it: Not a company matter.',
      });
    }
  });
});

describe('another process writing while a question is filed', () => {
  it('holds the write lock from the start, so a commit elsewhere during the matching cannot fail the filing', () => {
    ask('Where is the fire assembly point?');
    // The watcher, say: its own connection to the same file, not willing to wait here (one thread).
    const other = new Database(db.name);
    other.pragma('busy_timeout = 0');
    other.exec('create table other_process(x)');
    const writes: string[] = [];
    const spied = escalations as unknown as { findOpenMatch: (...args: unknown[]) => string | null };
    const original = spied.findOpenMatch.bind(escalations);
    const spy = vi.spyOn(spied, 'findOpenMatch').mockImplementation((...args) => {
      const found = original(...args);
      try {
        other.prepare('insert into other_process(x) values (1)').run();
        writes.push('committed');
      } catch (error) {
        writes.push((error as { code?: string }).code ?? 'failed');
      }
      return found;
    });
    try {
      // A deferred transaction read the open escalations first; the other connection's commit then made its
      // snapshot stale, and its first write failed at once with SQLITE_BUSY (the busy timeout never applies).
      expect(ask('How do I request a new laptop?').joined).toBe(false);
      expect(writes).toEqual(['SQLITE_BUSY']);
      expect(escalations.list({ status: 'open' })).toHaveLength(2);
    } finally {
      spy.mockRestore();
      other.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Classification, LlmClassifier, RuleClassifier, compileSensitivePatterns } from '../../../lib/answer/classify';
import type { ChatModel } from '../../../lib/answer/llm';
import { IN_SCOPE_EXAMPLES, OUT_OF_SCOPE_EXAMPLES } from '../../../lib/answer/scope-examples';
import { DEFAULT_SENSITIVE_PATTERNS } from '../../../lib/answer/sensitive-topics';
import { parseSocial, smalltalkReply } from '../../../lib/answer/smalltalk';
import { loadConfig } from '../../../lib/config';
import type { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { createScheduler } from '../../../lib/embedder/create-embedder';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { classificationFigures, classifyAll } from '../../../lib/evaluation/classify-eval';
import { LABELS, loadUtterances } from '../../../lib/evaluation/utterances';

const sensitive = compileSensitivePatterns(DEFAULT_SENSITIVE_PATTERNS);

describe('social phrases', () => {
  it('recognises greetings, thanks and their combinations as nothing but small talk', () => {
    expect(parseSocial('Hi there! Thanks for helping me out today.')).toEqual({ kinds: ['greeting', 'thanks'], rest: '' });
    expect(parseSocial('hi, thanks!')).toEqual({ kinds: ['greeting', 'thanks'], rest: '' });
    expect(parseSocial('ok thanks, bye')).toEqual({ kinds: ['acknowledgement', 'thanks', 'goodbye'], rest: '' });
    expect(parseSocial('how r u?').kinds).toEqual(['how_are_you']);
    expect(parseSocial('hey 👋').rest).toBe('');
  });

  it('keeps the question after a greeting, and words that only look like one', () => {
    expect(parseSocial('hi, how do I renew my licence?')).toEqual({ kinds: ['greeting'], rest: 'how do I renew my licence?' });
    expect(parseSocial("hello! what's the hotel limit?")).toEqual({ kinds: ['greeting'], rest: "what's the hotel limit?" });
    expect(parseSocial('hey can u tell me how to reset my password thx')).toEqual({
      kinds: ['greeting', 'thanks'],
      rest: 'can u tell me how to reset my password',
    });
    expect(parseSocial('morning shift hours?')).toEqual({ kinds: [], rest: 'morning shift hours?' });
    expect(parseSocial('how are you supposed to claim mileage?').rest).toBe('how are you supposed to claim mileage?');
    expect(parseSocial('who are you going to ask about the budget?').rest).toBe('who are you going to ask about the budget?');
  });

  it('replies to each kind of small talk differently, and to each phrase of a combination', () => {
    const replies = (['greeting', 'thanks', 'goodbye', 'how_are_you', 'who_are_you'] as const).map((kind) => smalltalkReply([kind]));
    expect(new Set(replies).size).toBe(replies.length);
    expect(smalltalkReply(['thanks'])).toMatch(/welcome/i);
    expect(smalltalkReply(['who_are_you'])).toMatch(/Docent/);
    expect(smalltalkReply(['goodbye'])).toMatch(/goodbye/i);
    const both = smalltalkReply(parseSocial('Hi there! Thanks for helping me out today.').kinds);
    expect(both).toMatch(/^Hello!/);
    expect(both).toMatch(/welcome/i);
  });
});

describe('offline classifier (local embedder)', () => {
  let scheduler: EmbeddingScheduler;
  let classifier: RuleClassifier;

  beforeAll(() => {
    scheduler = createScheduler(loadConfig({}), new LocalEmbedder({ threads: 0 }));
    classifier = new RuleClassifier(scheduler, sensitive);
  });
  afterAll(async () => {
    await scheduler.embedder.close();
  });

  it('treats greetings and thanks, alone or together, as small talk', async () => {
    for (const text of ['Hi there! Thanks for helping me out today.', 'hi, thanks!', 'thank you so much', 'good morning docent', 'see you tomorrow!']) {
      expect(await classifier.classify(text), text).toMatchObject({ category: 'smalltalk' });
    }
    expect((await classifier.classify('hi, thanks!')).smalltalk).toEqual(['greeting', 'thanks']);
  });

  it('classifies a greeting followed by a question as that question, and hands retrieval the question alone', async () => {
    const renew = await classifier.classify('hi, how do I renew my licence?');
    expect(renew).toMatchObject({ category: 'question', text: 'how do I renew my licence?' });
    expect(renew.embedded?.text).toBe('how do I renew my licence?');
    expect(await classifier.classify("hello! what's the hotel limit?")).toMatchObject({ category: 'question', text: "what's the hotel limit?" });
    // Without a greeting the text is left alone (and retrieval reuses the embedded question as asked).
    const plain = await classifier.classify('How many vacation days do I get?');
    expect(plain.text).toBeUndefined();
    expect(plain.embedded?.text).toBe('How many vacation days do I get?');
  });

  it('finds requests no document could answer, but not organisation questions that mention the same things', async () => {
    for (const text of ['tell me a joke', 'hey, will it rain in Berlin tomorrow?', 'write me a poem about spring', 'who won the football game last night?']) {
      expect(await classifier.classify(text), text).toMatchObject({ category: 'out_of_scope' });
    }
    for (const text of [
      'what is our policy on working from abroad?',
      'is the office closed when it snows?',
      'can I claim a taxi when it is raining?',
      'What is the share price target for next year?',
    ]) {
      expect(await classifier.classify(text), text).toMatchObject({ category: 'question' });
    }
  });

  it('sends sensitive topics to a person even behind a greeting', async () => {
    const classified: Classification = await classifier.classify('hi, I want to sue the company');
    expect(classified).toMatchObject({ category: 'sensitive', reason: expect.stringContaining('legal threat') });
    expect(await classifier.classify('thanks. also, please delete my account')).toMatchObject({ category: 'sensitive' });
  });

  it('misses no sensitive message of the labelled set’s report half', async () => {
    const report = loadUtterances().filter((utterance) => utterance.split === 'report');
    const figures = classificationFigures(await classifyAll(classifier, report));
    expect(figures.labels.sensitive.n).toBeGreaterThan(10);
    expect(figures.sensitive_missed).toBe(0);
  });
});

describe('the labelled set', () => {
  const utterances = loadUtterances();

  it('has at least 300 distinct messages covering all six labels, in both halves', () => {
    expect(utterances.length).toBeGreaterThanOrEqual(300);
    expect(new Set(utterances.map((utterance) => utterance.text.toLowerCase().trim())).size).toBe(utterances.length);
    for (const label of LABELS) {
      for (const split of ['dev', 'report'] as const) {
        expect(utterances.filter((utterance) => utterance.label === label && utterance.split === split).length, `${label} in ${split}`).toBeGreaterThan(5);
      }
    }
  });

  it('shares no text with the classifier’s example requests (they would measure themselves)', () => {
    const words = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const examples = new Set([...OUT_OF_SCOPE_EXAMPLES, ...IN_SCOPE_EXAMPLES].map(words));
    expect(utterances.filter((utterance) => examples.has(words(utterance.text)))).toEqual([]);
  });
});

describe('LLM classifier', () => {
  function model(category: string) {
    const seen: string[] = [];
    const chat: ChatModel = {
      name: 'fake',
      stream: async () => '',
      complete: async () => '',
      structured: async <T extends Record<string, unknown>>(_schema: unknown, _system: string, user: string) => {
        seen.push(user);
        return { category, reason: 'the model said so' } as unknown as T;
      },
      health: async () => ({ ok: true, detail: '' }),
    };
    return { chat, seen };
  }

  it('answers pure small talk without a model call, and asks about the question without its greeting', async () => {
    const { chat, seen } = model('question');
    const classifier = new LlmClassifier(chat, sensitive, Object.keys(DEFAULT_SENSITIVE_PATTERNS).join(', '));
    expect(await classifier.classify('Hi there! Thanks for helping me out today.')).toMatchObject({ category: 'smalltalk', smalltalk: ['greeting', 'thanks'] });
    expect(seen).toEqual([]);
    expect(await classifier.classify('hey, how do I book a desk?')).toMatchObject({ category: 'question', text: 'how do I book a desk?' });
    expect(seen).toEqual(['how do I book a desk?']);
  });

  it('keeps sensitive patterns above the model, greeting or not', async () => {
    const { chat, seen } = model('out_of_scope');
    const classifier = new LlmClassifier(chat, sensitive, 'legal threats');
    expect(await classifier.classify('hello! my lawyer will call you')).toMatchObject({ category: 'sensitive' });
    expect(seen).toEqual([]);
    expect(await classifier.classify('tell me a joke')).toMatchObject({ category: 'out_of_scope' });
  });
});

describe('DOCENT_ESCALATE_OUT_OF_SCOPE', () => {
  it('is off unless set: out-of-scope requests are declined, not queued', () => {
    expect(loadConfig({}).answers.escalateOutOfScope).toBe(false);
    expect(loadConfig({ DOCENT_ESCALATE_OUT_OF_SCOPE: '1' }).answers.escalateOutOfScope).toBe(true);
    expect(loadConfig({ DOCENT_ESCALATE_OUT_OF_SCOPE: 'no' }).answers.escalateOutOfScope).toBe(false);
  });
});

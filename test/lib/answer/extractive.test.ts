import { describe, expect, it } from 'vitest';
import { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { ExtractiveAnswerer } from '../../../lib/answer/extractive';
import type { SearchResult } from '../../../lib/retrieval';
import { tokenize } from '../../../lib/text/tokenize';
import { FakeEmbedder } from '../../helpers/fake-embedder';

// The offline answerer on one literal passage, with a bag-of-words embedder, so that what it quotes
// follows from its rules rather than from a model.

const scheduler = new EmbeddingScheduler(new FakeEmbedder(), { batchSize: 16, concurrency: 2, retries: 0, timeoutMs: 5000 });
const answerer = new ExtractiveAnswerer(scheduler);

const result = (text: string): SearchResult => ({
  chunkId: 'c1',
  docId: 'd'.repeat(32),
  root: '/kb',
  path: 'handbook/terms.md',
  title: 'Term renewals',
  page: null,
  heading: 'Term renewals',
  fileType: 'markdown',
  sourceType: 'document',
  charStart: 0,
  charEnd: text.length,
  score: 1,
  dense: null,
  lexical: null,
  text,
  lowConfidence: false,
  language: 'en',
});

async function draftFor(question: string, passage: string) {
  const terms = tokenize(question, 'en');
  const [questionVector] = await scheduler.embed([question]);
  return answerer.draft({
    question,
    language: 'en',
    terms,
    idf: new Map(terms.map((term) => [term, 1])),
    questionVector: questionVector!,
    results: [result(passage)],
  });
}

describe('extractive answerer', () => {
  it('does not quote a question the document asks as the answer when nothing follows it', async () => {
    const passage = [
      'PeopleOps starts the renewal process 6 to 7 months before the term ends.',
      '',
      'When does the term renewal start, and who starts it?',
    ].join('\n');
    const draft = await draftFor('When does term renewal start?', passage);
    expect(draft.answerBody.startsWith('PeopleOps starts the renewal process')).toBe(true);
  });

  it('answers a question the document asks itself (a FAQ) with what follows it, not with the question', async () => {
    const passage = [
      'Who reviews the renewal form for a term employee?',
      '',
      'Your supervisor and PeopleOps go through it together.',
      '',
      'Renewals are for 6 months, 1 year, 2 years or 3 years.',
    ].join('\n');
    const draft = await draftFor('Who reviews the renewal form for a term employee?', passage);
    expect(draft.answerBody.startsWith('Your supervisor and PeopleOps go through it together.')).toBe(true);
  });

  it('reuses the vector of a one-sentence answer instead of embedding it again', async () => {
    const draft = await draftFor('Who starts the renewal process?', 'PeopleOps starts the renewal process 6 to 7 months before the term ends.');
    expect(draft.answerBody).toBe('PeopleOps starts the renewal process 6 to 7 months before the term ends.');
    expect(Array.from(draft.answerVector!)).toEqual(Array.from(FakeEmbedder.vector(draft.answerBody, 64)));
  });
});

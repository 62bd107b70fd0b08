import { describe, expect, it } from 'vitest';
import type { AnswerRun } from '../../../lib/answer/answer-run';
import type { Draft } from '../../../lib/answer/generate';
import { checkDraft } from '../../../lib/answer/workflow-draft';
import type { EmbeddingScheduler } from '../../../lib/embedder/embedding-scheduler';
import { tokenize } from '../../../lib/text/tokenize';
import { searchResult } from '../../helpers/search-result';
import { testConfig } from '../../helpers/temp';

const PASSAGE = 'Sick leave is paid in full for up to 6 weeks per illness.';

async function signalsFor(question: string, language = 'en') {
  const terms = tokenize(question, language);
  const run = {
    question,
    language,
    idf: new Map(terms.map((term) => [term, 1])),
    unseen: new Set<string>(),
    results: [searchResult(PASSAGE)],
    signals: {},
    score: null,
  } as unknown as AnswerRun;
  const vector = new Float32Array([1, 0, 0]);
  const draft: Draft = {
    text: `Quoting the documents: “${PASSAGE}” [1]`,
    citations: [],
    abstained: false,
    sentences: [],
    answerBody: PASSAGE,
    answerVector: vector,
    model: 'extractive',
    checks: { typeFit: 1, complete: 1, score: 0.8, decides: true },
  };
  const scheduler = { embedQuery: async () => vector } as unknown as EmbeddingScheduler;
  await checkDraft(run, draft, { config: testConfig(), scheduler, terms, questionVector: vector });
  return run.signals;
}

describe('the confidence check of a draft', () => {
  it('does not count the words that ask as words the answer and its passage should hold', async () => {
    // "long" asks for a duration; "6 weeks" gives one. Counted, it halved the coverage of a right answer.
    const howLong = await signalsFor('How long is sick leave paid?');
    expect(howLong.answer_coverage).toBe(1);
    expect(howLong.lexical_coverage).toBe(1);
    // A word that names what is asked about still counts.
    expect((await signalsFor('How long is parental leave paid?')).answer_coverage).toBeLessThan(1);
  });
});

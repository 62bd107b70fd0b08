import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine } from '../../../lib/answer/evidence';
import { isParaphrase, normaliseQuestion, paraphraseFeatures, paraphraseMatch, paraphraseScore } from '../../../lib/answer/paraphrase';
import { CALIBRATED_PARAPHRASE_MODEL } from '../../../lib/answer/paraphrase-model';
import { LocalEmbedder } from '../../../lib/embedder/local-embedder';
import { halfOf } from '../../../lib/evaluation/datasets';
import { type ParaphraseGroup, loadParaphraseSet, measureParaphrases, splitParaphraseSet } from '../../../lib/evaluation/paraphrase-eval';
import { loadConfig } from '../../../lib/config';

// The paraphrase matcher with the offline embedder Docent ships: rewordings of a reviewed question
// are served its answer, near-misses that swap what is asked about are not.

const model = CALIBRATED_PARAPHRASE_MODEL;
let embedder: LocalEmbedder;

beforeAll(() => {
  embedder = new LocalEmbedder({ threads: 0 });
});

afterAll(async () => {
  await embedder.close();
});

async function score(reviewed: string, asked: string): Promise<number> {
  const [a, b] = await embedder.embed([reviewed, asked]);
  return paraphraseScore(reviewed, asked, cosine(a!, b!), model);
}

describe('paraphrase matcher', () => {
  it.each([
    // The case: a narrower rewording of an approved question.
    ['Can I bring my dog to the office?', 'Are dogs allowed in the office on Fridays?'],
    ['Can I bring my dog to the office?', 'can i bring my dgo to the ofice'],
    ['Can I bring my dog to the office?', 'dog in the office - can I bring it?'],
    ['How do I reset my password?', 'password reset procedure'],
    ['How many vacation days do I get per year?', 'What is my annual leave entitlement?'],
    ['Can I keep a parrot at my desk?', 'Am I allowed to keep a parrot at my desk?'],
  ])('serves “%s” to “%s”', async (reviewed, asked) => {
    expect(await score(reviewed, asked)).toBeGreaterThanOrEqual(model.threshold);
  });

  it.each([
    ['Can I bring my dog to the office?', 'Can I bring my cat to the office?'],
    ['Can I bring my dog to the office on Fridays?', 'Can I bring my dog to the office on holidays?'],
    ['What is the hotel cap per night when travelling?', 'What is the flight cap when travelling?'],
    ['How many days of annual leave do I get?', 'How many days of sick leave do I get?'],
    ['When are salary raises decided?', 'Who decides on salary raises?'],
    ['Is the office closed on public holidays?', 'Is the office closed on Fridays?'],
  ])('does not serve “%s” to the near-miss “%s”', async (reviewed, asked) => {
    expect(await score(reviewed, asked)).toBeLessThan(model.threshold);
  });

  it('treats the same words, whatever the case and punctuation, as the same question', () => {
    expect(normaliseQuestion('  Can I bring my DOG to the office?! ')).toBe('can i bring my dog to the office');
    expect(paraphraseScore('Can I bring my dog to the office?', 'can i bring my dog to the office', 0, model)).toBe(1);
  });

  it('weighs a swapped key word against, and an added when-qualifier not', () => {
    const swap = paraphraseFeatures('Can I bring my dog to the office?', 'Can I bring my cat to the office?', 0.85, model.frameWeight);
    expect(swap).toMatchObject({ missing: 1, added: 1, kind: 0 });
    const narrower = paraphraseFeatures('Can I bring my dog to the office?', 'Are dogs allowed in the office on Fridays?', 0.72, model.frameWeight);
    expect(narrower).toMatchObject({ missing: 0, added: 0, kind: 0 });
    const times = paraphraseFeatures('Is the office open on Fridays?', 'Is the office open on Mondays?', 0.95, model.frameWeight);
    expect(times.kind).toBe(1);
  });

  it('reads Thai questions by words, not character pairs', () => {
    // "When did Victoria enact its own constitution?" against the same question without "its own" (ของตัวเอง: three words).
    const features = paraphraseFeatures('วิคตอเรียประกาศใช้รัฐธรรมนูญของตัวเองเมื่อไร', 'วิคตอเรียประกาศใช้รัฐธรรมนูญเมื่อไร', 0.5, 0);
    expect(features).toMatchObject({ missing: 3, added: 0 });
  });

  it('takes its threshold from the configuration', () => {
    const config = loadConfig({ DOCENT_PARAPHRASE_THRESHOLD: '0.9' });
    expect(config.answers.paraphrase).toEqual({ ...model, threshold: 0.9 });
    expect(loadConfig({}).answers.paraphrase).toEqual(model);
    expect(isParaphrase('How do I reset my password?', 'password reset procedure', 0.69, config.answers.paraphrase)).toBe(true);
  });
});

describe('the paraphrase set', () => {
  it('has enough reviewed questions, paraphrases and near-misses, split into two stable halves by group', () => {
    const groups = loadParaphraseSet();
    const count = (pick: (group: ParaphraseGroup) => string[]) => groups.reduce((sum, group) => sum + pick(group).length, 0);
    expect(groups.length).toBeGreaterThanOrEqual(100);
    expect(count((group) => group.paraphrases)).toBeGreaterThanOrEqual(100);
    expect(count((group) => group.nearMisses)).toBeGreaterThanOrEqual(100);
    expect(new Set(groups.map((group) => group.id)).size).toBe(groups.length);
    const { calibration, report } = splitParaphraseSet(groups);
    expect(calibration.length + report.length).toBe(groups.length);
    expect(calibration.every((group) => halfOf(group.id) === 'a') && report.every((group) => halfOf(group.id) === 'b')).toBe(true);
    for (const half of [calibration, report]) expect(count((group) => group.nearMisses)).toBeGreaterThan(half.length);
  });

  it('rules a pair out early only when its full score is below the threshold', () => {
    const groups = loadParaphraseSet();
    // The shipped weights, and weights under which a missing word alone does not rule a pair out.
    const models = [model, { ...model, weights: { ...model.weights, overlap: 3, missing: -1.5, added: -0.5 } }];
    let matches = 0;
    let ruledOut = 0;
    groups.forEach((group, index) => {
      const other = groups[(index + 1) % groups.length]!;
      for (const probe of [...group.paraphrases, ...group.nearMisses, ...group.additions]) {
        for (const reviewed of [group.question, other.question]) {
          for (const dense of [0.2, 0.55, 0.8, 0.95]) {
            for (const matcher of models) {
              const score = paraphraseScore(reviewed, probe, dense, matcher);
              expect(paraphraseMatch(reviewed, probe, dense, matcher)).toBe(score >= matcher.threshold ? score : null);
              if (score >= matcher.threshold) matches += 1;
              else ruledOut += 1;
            }
          }
        }
      }
    });
    expect(Math.min(matches, ruledOut)).toBeGreaterThan(500);
  });

  it('scores each probe against every reviewed question of its half, served by the best one at the threshold', () => {
    const groups: ParaphraseGroup[] = [
      { id: 'dog', question: 'dog question', paraphrases: ['dog paraphrase', 'lost paraphrase'], nearMisses: ['dog near-miss'], additions: [] },
      { id: 'vpn', question: 'vpn question', paraphrases: ['vpn paraphrase'], nearMisses: [], additions: ['vpn addition'] },
    ];
    // Made-up scores: "lost paraphrase" is closer to the other question than to its own.
    const vectors = new Map(
      ['dog question', 'dog paraphrase', 'lost paraphrase', 'dog near-miss', 'vpn question', 'vpn paraphrase', 'vpn addition'].map((text) => [
        text,
        Float32Array.of(1, 0),
      ]),
    );
    const scores: Record<string, number> = {
      'dog question|dog paraphrase': 0.9,
      'dog question|lost paraphrase': 0.2,
      'vpn question|lost paraphrase': 0.55,
      'dog question|dog near-miss': 0.6,
      'vpn question|vpn paraphrase': 0.8,
      'vpn question|vpn addition': 0.7,
    };
    const scorer = (reviewed: string, asked: string) => scores[`${reviewed}|${asked}`] ?? 0;
    const figures = measureParaphrases(groups, vectors, scorer, 0.5);
    expect(figures.paraphrases).toEqual({ n: 3, served_rate: 0.6667, served_wrong_answer_rate: 0.3333 });
    expect(figures.near_misses).toEqual({ n: 1, wrong_hit_rate: 1 });
    expect(figures.additions).toEqual({ n: 1, served_rate: 1 });
    expect(figures.wrong_hit_rate_all).toBe(0.5);
    expect(figures.wrong_hits).toHaveLength(2);
  });
});

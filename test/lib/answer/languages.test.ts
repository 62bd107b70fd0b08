import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../lib/answer/assistant';
import { phrasebook } from '../../../lib/answer/localized';
import { SYSTEM } from '../../../lib/spaces/principals';
import { buildStatusReport } from '../../../lib/status';
import { searchChunks } from '../../../lib/retrieval';
import { PipelineHarness } from '../../helpers/pipeline-harness';

// Short policy pages we wrote in German, French, Spanish, Chinese and Japanese, beside Docent's
// English sample handbook, ingested for real and asked about in each language.
const FIXTURES = path.resolve('test/fixtures/languages');
const HANDBOOK = path.resolve('examples/handbook');

let harness: PipelineHarness;
let assistant: Assistant;

beforeAll(async () => {
  harness = await PipelineHarness.create();
  fs.cpSync(FIXTURES, path.join(harness.root, 'intl'), { recursive: true });
  fs.cpSync(HANDBOOK, path.join(harness.root, 'handbook'), { recursive: true });
  await harness.sync();
  assistant = new Assistant(harness.services, { chatModel: null });
});

afterAll(async () => {
  assistant.close();
  await harness.close();
});

const ask = (question: string) => assistant.askToCompletion({ viewer: SYSTEM, question });

describe('documents and questions in other languages', () => {
  it('stores each document’s language and shows it in status and in citations', async () => {
    const languages = Object.fromEntries(
      buildStatusReport(harness.services, null)
        .documents.filter((doc) => doc.path.startsWith('intl/'))
        .map((doc) => [doc.path, doc.language]),
    );
    expect(languages).toEqual({ 'intl/urlaub.md': 'de', 'intl/conges.md': 'fr', 'intl/vacaciones.md': 'es', 'intl/xiujia.md': 'zh', 'intl/kyuka.md': 'ja' });
    expect(harness.document('handbook/time-off.md')!.language).toBe('en');
    const [hit] = await searchChunks(harness.services, 'Wie viele Urlaubstage habe ich?', { k: 1 });
    expect(hit).toMatchObject({ path: 'intl/urlaub.md', language: 'de' });
  });

  it('answers in the question’s language, quoting the passage that holds what was asked', async () => {
    const cases: [string, string, RegExp][] = [
      ['Wie viele Urlaubstage habe ich pro Jahr?', 'de', /28 Urlaubstage/],
      ['Combien de jours de congés payés ai-je par an ?', 'fr', /25 jours de congés/],
      ['¿Cuántos días de vacaciones tengo al año?', 'es', /23 días laborables/],
      ['全职员工每年有几天年假？', 'zh', /十五天带薪年假/],
      ['年次有給休暇は毎年何日ですか？', 'ja', /二十日の年次有給休暇/],
    ];
    for (const [question, language, expected] of cases) {
      const { outcome } = await ask(question);
      expect(outcome.text, question).toMatch(expected);
      expect(outcome.text.startsWith(phrasebook(language).quoting), question).toBe(true);
      expect(outcome.citations[0], question).toMatchObject({ language });
    }
  });

  it('quotes the steps for a how-to question asked in German', async () => {
    const { outcome } = await ask('Wie beantrage ich Urlaub?');
    expect(outcome.text).toContain('Personalportal Harbor');
    expect(outcome.text).toContain('Neuer Antrag');
  });

  it('replies to small talk and hands questions over in the asker’s language', async () => {
    expect((await ask('Hallo! Wie geht es dir?')).outcome).toMatchObject({ outcome: 'smalltalk', text: expect.stringMatching(/^Hallo!/) });
    expect((await ask('¡Muchas gracias!')).outcome.text).toMatch(/De nada/);
    expect((await ask('谢谢')).outcome.text).toContain('不客气');
    const sensitive = await ask('Ich werde von meinem Kollegen belästigt, was soll ich tun?');
    expect(sensitive.outcome).toMatchObject({ outcome: 'escalated', reason: 'sensitive', text: phrasebook('de').reasons.sensitive });
  });

  it('searches only the languages asked for when filtered', async () => {
    const hits = await searchChunks(harness.services, 'vacation days per year', { k: 10, filter: { languages: ['es'] } });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => hit.language))).toEqual(new Set(['es']));
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../../lib/answer/assistant';
import { phrasebook } from '../../../lib/answer/localized';
import { SYSTEM } from '../../../lib/spaces/principals';
import { languageDetectorLoaded } from '../../../lib/text/language';
import { PipelineHarness } from '../../helpers/pipeline-harness';

// Each test file has its own module state: nothing else here loads the detector.
const SAMPLES = path.resolve('examples/handbook');

let harness: PipelineHarness;
let assistant: Assistant;

beforeAll(async () => {
  harness = await PipelineHarness.create();
  for (const file of fs.readdirSync(SAMPLES)) harness.write(file, fs.readFileSync(path.join(SAMPLES, file)));
  await harness.sync();
  assistant = new Assistant(harness.services, { chatModel: null });
});

afterAll(async () => {
  assistant.close();
  await harness.close();
});

describe('the language of questions asked of an English index', () => {
  it('reads English questions without the language detector, and loads it for a question in another language', async () => {
    expect(harness.services.indexLanguages()).toEqual(['en']);
    const gloves = await assistant.askToCompletion({ viewer: SYSTEM, question: 'What gloves are required in the kiln area?' });
    expect(gloves.outcome).toMatchObject({ outcome: 'answered' });
    expect(gloves.outcome.text).toMatch(/500 °C/);
    const joke = await assistant.askToCompletion({ viewer: SYSTEM, question: 'tell me a joke' });
    expect(joke.outcome.outcome).toBe('declined');
    expect(languageDetectorLoaded()).toBe(false);

    const german = await assistant.askToCompletion({ viewer: SYSTEM, question: 'Wie viele Urlaubstage bekomme ich pro Jahr?' });
    expect(languageDetectorLoaded()).toBe(true);
    const book = phrasebook('de');
    expect([book.quoting, book.declined, book.personWillAnswer, ...Object.values(book.reasons)].some((phrase) => german.outcome.text.includes(phrase))).toBe(
      true,
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { languageDetectorLoaded } from '../../lib/text/language';
import { PipelineHarness } from '../helpers/pipeline-harness';

// Each test file has its own module state, so nothing else here has loaded the detector.
const SAMPLES = path.join(import.meta.dirname, '../../examples/handbook');
const URLAUB =
  '# Urlaub\n\nJede Mitarbeiterin und jeder Mitarbeiter erhält 25 Tage bezahlten Urlaub pro Kalenderjahr. ' +
  'Nicht genommene Tage verfallen am 31. März des Folgejahres, wenn die Vorgesetzte nicht zugestimmt hat.\n';

let harness: PipelineHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('language detection while indexing', () => {
  it('indexes the English sample documents without loading the language detector, and loads it for a German one', async () => {
    harness = await PipelineHarness.create();
    for (const file of fs.readdirSync(SAMPLES)) harness.write(file, fs.readFileSync(path.join(SAMPLES, file)));
    const summary = await harness.sync();
    expect(summary.outcomes.indexed).toBe(7);
    expect(languageDetectorLoaded()).toBe(false);
    for (const file of fs.readdirSync(SAMPLES)) {
      expect(harness.document(file)?.language, file).toBe('en');
      const chunks = await harness.chunksOf(file);
      expect(chunks.length).toBeGreaterThan(0);
      expect(new Set(chunks.map((chunk) => chunk.payload.language))).toEqual(new Set(['en']));
    }

    harness.write('urlaub.md', URLAUB);
    await harness.sync();
    expect(languageDetectorLoaded()).toBe(true);
    expect(harness.document('urlaub.md')?.language).toBe('de');
  });
});

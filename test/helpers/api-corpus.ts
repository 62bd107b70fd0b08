import { createPipeline } from '../../ingest/create-pipeline';
import { syncFolder } from '../../ingest/sync';
import type { WebRuntime } from '../../lib/web/runtime';
import { FACTS, addSpacesAndPeople, email, needlesFor, writeFolder } from '../faults/leak-facts';
import { tempDir, testConfig } from './temp';
import { startWebRuntime } from './web-routes';

// The leak test's corpus (the public handbook beside restricted hr/, finance/, legal/ and
// legal/board/ folders, their spaces and people) in a web runtime, for the API and MCP tests.

export { FACTS, email };

export interface ApiCorpus {
  runtime: WebRuntime;
  kb: string;
  close: () => Promise<void>;
  /** A new API key for one of the leak test's people. */
  keyFor: (person: string, ratePerMinute?: number) => string;
  /** What this person must never see: the other spaces' needles, paths and document ids. */
  needlesFor: (reads: ('hr' | 'finance' | 'legal' | 'board')[]) => string[];
}

export async function startApiCorpus(overrides: Record<string, string> = {}): Promise<ApiCorpus> {
  const kb = tempDir('docent-api-kb-');
  writeFolder(kb);
  const config = testConfig({ DOCENT_ADMIN_EMAIL: email('admin'), DOCENT_ADMIN_PASSWORD: 'api test admin password', ...overrides });
  const { runtime, close } = await startWebRuntime(config);
  const { pipeline, extractor } = createPipeline(runtime.services, { inProcess: true });
  await syncFolder(runtime.services, pipeline, kb).finally(() => extractor.close());
  await addSpacesAndPeople(runtime);
  return {
    runtime,
    kb,
    close,
    keyFor: (person, ratePerMinute) => runtime.api.keys.create({ email: email(person), name: `test key of ${person}`, ratePerMinute }).key,
    needlesFor: (reads) => needlesFor(kb, reads),
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../lib/db';
import { type DocumentStatus, Registry } from '../../../lib/registry';
import { ANONYMOUS, parsePrincipals } from '../../../lib/spaces/principals';
import { SpaceStore } from '../../../lib/spaces/space-store';
import { createGeneration } from '../../../lib/vector-index/generations';
import { languageName, readableLanguages } from '../../../lib/web/languages';
import { tempDir } from '../../helpers/temp';
import { person } from '../../helpers/viewers';

describe('the chat language filter: languages of the documents an asker may read', () => {
  let db: Db;
  let registry: Registry;

  beforeEach(() => {
    db = openDatabase(tempDir('languages'));
    registry = new Registry(db, createGeneration(db, 'embedded', { provider: 'fake', model: 'f', dimension: 4 }, 'serving').name);
    const documents: [path: string, language: string | null, status: DocumentStatus][] = [
      ['handbook/time-off.md', 'en', 'indexed'],
      ['handbook/expenses.md', 'en', 'indexed'],
      ['handbook/urlaub.md', 'de', 'indexed'],
      ['hr/gehalt.md', 'de', 'indexed'],
      ['hr/paie.md', 'fr', 'indexed'],
      ['handbook/scan.pdf', 'und', 'indexed'],
      ['handbook/notes.md', null, 'indexed'],
      ['handbook/broken.pdf', 'es', 'quarantined'],
      ['handbook/old.md', 'it', 'deleted'],
    ];
    documents.forEach(([path, language, status], index) => registry.save(`d${index}`, { root: '/kb', path, language, status }));
    new SpaceStore(db).add({ name: 'HR', root: null, folder: 'hr', readers: parsePrincipals('group:hr') }, 'test');
  });
  afterEach(() => db.close());

  const readerFor = (viewer: Parameters<ReturnType<SpaceStore['access']>['canReadDocument']>[0]) => {
    const access = new SpaceStore(db).access();
    return (doc: { root: string; path: string }) => access.canReadDocument(viewer, doc.root, doc.path);
  };

  it('counts indexed documents per language, most first, leaving out undetermined, quarantined and deleted ones', () => {
    expect(readableLanguages(registry, readerFor(person('ann@example.com', ['hr'])))).toEqual([
      { code: 'de', name: 'Deutsch (German)', documents: 2 },
      { code: 'en', name: 'English', documents: 2 },
      { code: 'fr', name: 'Français (French)', documents: 1 },
    ]);
  });

  it('never names a language found only in a space the asker may not read', () => {
    for (const viewer of [ANONYMOUS, person('bob@example.com', ['finance'])]) {
      expect(readableLanguages(registry, readerFor(viewer)).map((choice) => [choice.code, choice.documents])).toEqual([
        ['en', 2],
        ['de', 1],
      ]);
    }
  });

  it('names a language in its own words with the English name beside it', () => {
    expect(languageName('zh')).toBe('中文 (Chinese)');
    expect(languageName('ja')).toBe('日本語 (Japanese)');
    expect(languageName('en')).toBe('English');
  });
});

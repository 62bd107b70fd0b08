import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../lib/db';
import { createGeneration } from '../../../lib/vector-index/generations';
import { ensureServingGeneration } from '../../../lib/vector-index/open-index';
import { testConfig } from '../../helpers/temp';
import { IDENTITY } from './behaviour';

describe('generation names', () => {
  it('names Qdrant collections <prefix>_<n> with the configured prefix (docent by default), so installations sharing a server stay apart', () => {
    const config = testConfig({ QDRANT_URL: 'http://127.0.0.1:1', DOCENT_QDRANT_PREFIX: 'team_a' });
    const db = openDatabase(config.dataDir);
    expect(ensureServingGeneration(config, db, () => IDENTITY).name).toBe('team_a_1');
    expect(createGeneration(db, 'qdrant', IDENTITY).name).toBe('docent_2');
    expect(createGeneration(db, 'embedded', IDENTITY, 'building', 'team_a').name).toBe('g3');
    db.close();
  });

  it('refuses a prefix Qdrant cannot name a collection with', () => {
    expect(() => testConfig({ DOCENT_QDRANT_PREFIX: 'team a/b' })).toThrow(/DOCENT_QDRANT_PREFIX/);
  });
});

import { openDatabase } from '../../../lib/db';
import { EmbeddedIndex } from '../../../lib/vector-index/embedded-index';
import { createGeneration } from '../../../lib/vector-index/generations';
import { tempDir } from '../../helpers/temp';
import { describeVectorIndexBehaviour } from './behaviour';

describeVectorIndexBehaviour('embedded (SQLite: sqlite-vec + FTS5)', async (identity) => {
  const db = openDatabase(tempDir());
  const generation = createGeneration(db, 'embedded', identity, 'serving');
  EmbeddedIndex.ensureTables(db, generation.name, identity.dimension);
  const options = { titleWeight: 2, headingWeight: 1.5, probes: 4 };
  return {
    index: new EmbeddedIndex(db, generation.name, identity, options),
    reopenAs: async (other) => new EmbeddedIndex(db, generation.name, other, options),
    close: async () => {
      db.close();
    },
  };
});

import { describe, expect, it } from 'vitest';
import { configWith } from '../../../lib/config';
import { measureQueries } from '../../../lib/evaluation/query-bench';
import type { BasePassages } from '../../../lib/evaluation/query-corpus';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { tempDir } from '../../helpers/temp';
import { IDENTITY } from '../vector-index/behaviour';

const WORDS = ['kiln', 'glaze', 'clay', 'wheel', 'firing', 'slip', 'bisque', 'cone', 'studio', 'shelf', 'tool', 'mould'];
const text = (n: number) =>
  `Passage ${n}: ${WORDS[n % 12]} and ${WORDS[(n * 5) % 12]} before the ${WORDS[(n * 7) % 12]}. A second sentence on ${WORDS[(n + 3) % 12]}.`;
const base: BasePassages = {
  identity: IDENTITY,
  texts: Array.from({ length: 40 }, (_, n) => text(n)),
  vectors: Array.from({ length: 40 }, (_, n) => FakeEmbedder.vector(text(n), IDENTITY.dimension)),
};
const queries = WORDS.slice(0, 6).map((word) => ({
  text: `${word} ${WORDS[(WORDS.indexOf(word) + 1) % 12]}`,
  vector: FakeEmbedder.vector(word, IDENTITY.dimension),
}));

describe('bench:query measureQueries', () => {
  it('keeps an embedded index in its folder and measures it again without rebuilding; refuses one of another size', async () => {
    const dataDir = tempDir();
    const config = configWith({ DOCENT_DATA_DIR: dataDir });
    const stages: string[] = [];
    const first = await measureQueries(config, 'embedded', 200, base, queries, (_done, _total, stage) => stages.push(stage));
    expect(first).toMatchObject({ backend: 'embedded', chunks: 200, reused_index: false, recall_at_10: 1, lexical_recall_at_10: 1 });
    expect(stages).toContain('build');

    stages.length = 0;
    const again = await measureQueries(config, 'embedded', 200, base, queries, (_done, _total, stage) => stages.push(stage));
    expect(again).toMatchObject({ chunks: 200, reused_index: true, build_s: first.build_s, index_mb: first.index_mb });
    expect(stages).not.toContain('build');

    await expect(measureQueries(config, 'embedded', 400, base, queries, () => {})).rejects.toThrow(/holds an index of 200 chunks, not 400/);
  });
});

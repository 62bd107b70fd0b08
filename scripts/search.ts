import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { searchChunks } from '../lib/retrieval';
import { openServices } from '../lib/services';
import type { RetrievalMode } from '../lib/vector-index/types';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values, positionals } = parseCommandLine({
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    mode: { type: 'string', default: 'hybrid' },
    path: { type: 'string' },
    type: { type: 'string' },
    tag: { type: 'string' },
    language: { type: 'string' },
  });
  const query = positionals.join(' ').trim();
  const k = Number(values.k);
  if (!query || !Number.isInteger(k) || k < 1 || k > 1000) {
    throw new UsageError(
      'usage: npm run search -- "<question>" [--k 10] [--json] [--mode hybrid|dense|lexical] [--path <prefix>] [--type pdf|docx|html|markdown|text] [--tag <folder>] [--language de]',
    );
  }
  if (!['hybrid', 'dense', 'lexical'].includes(values.mode)) throw new UsageError('--mode must be hybrid, dense or lexical');
  const services = await openServices(getConfig(), { embedThreads: 0 });
  try {
    if (services.embedderWarning) say(`docent: ${services.embedderWarning}`);
    const started = performance.now();
    const results = await searchChunks(services, query, {
      k,
      mode: values.mode as RetrievalMode,
      filter: {
        pathPrefix: values.path,
        fileTypes: values.type ? [values.type] : undefined,
        tags: values.tag ? [values.tag] : undefined,
        languages: values.language ? [values.language] : undefined,
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (results.length === 0) say(`No results for "${query}". (${await services.index.count()} chunks indexed; see \`npm run status\`.)`);
    results.forEach((result, rank) => {
      const where = [result.path, result.page !== null ? `p. ${result.page}` : null, result.heading, result.language !== 'und' ? `[${result.language}]` : null]
        .filter(Boolean)
        .join(' · ');
      say(`${rank + 1}. ${where}  (score ${result.score.toFixed(3)})\n   ${result.text.replace(/\s+/g, ' ').slice(0, 240)}`);
    });
    if (values.json) {
      printJson({
        query,
        took_s: Math.round(seconds * 1000) / 1000,
        results: results.map((result) => ({
          path: result.path,
          root: result.root,
          page: result.page,
          heading: result.heading,
          title: result.title,
          score: result.score,
          text: result.text,
          doc_id: result.docId,
          chunk_id: result.chunkId,
          char_start: result.charStart,
          char_end: result.charEnd,
          language: result.language,
        })),
      });
    }
  } finally {
    await services.close();
  }
});

import { AnswerLog } from '../lib/answer/answer-log';
import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { UsageError } from '../lib/errors';
import { parseCommandLine, printJson, runMain, say } from './cli';

runMain(async () => {
  const { values } = parseCommandLine({ since: { type: 'string' }, json: { type: 'boolean', default: false } });
  const since = values.since ? Date.parse(values.since) : 0;
  if (Number.isNaN(since)) throw new UsageError('usage: npm run audit -- --since <date, e.g. 2026-11-01> [--json]');
  const db = openDatabase(getConfig().dataDir);
  try {
    const answers = new AnswerLog(db).since(since / 1000);
    const byOutcome = answers.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.outcome]: (counts[answer.outcome] ?? 0) + 1 }), {});
    say(
      `${answers.length} answers since ${new Date(since).toISOString()}: ${
        Object.entries(byOutcome)
          .map(([outcome, n]) => `${n} ${outcome}`)
          .join(', ') || 'none'
      }.`,
    );
    if (values.json) {
      printJson({
        since: new Date(since).toISOString(),
        count: answers.length,
        answers: answers.map((answer) => ({
          id: answer.id,
          created_at: new Date((answer.createdAt ?? 0) * 1000).toISOString(),
          conversation_id: answer.conversationId,
          question: answer.question,
          retrieval_query: answer.retrievalQuery,
          category: answer.category,
          outcome: answer.outcome,
          reason: answer.reason,
          score: answer.score,
          signals: answer.signals,
          sources: answer.sources.map((source) => ({ path: source.path, page: source.page, heading: source.heading, source_type: source.sourceType })),
          answer: answer.answer,
          llm: answer.llm,
          embedder: answer.embedder,
          generation: answer.generation,
          prompt_version: answer.promptVersion,
          timings: answer.timings,
        })),
      });
    }
  } finally {
    db.close();
  }
});

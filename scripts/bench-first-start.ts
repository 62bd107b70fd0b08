import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../lib/errors';
import { type RunningApp, startApp } from './app-process';
import { askChat } from './chat-client';
import { parseCommandLine, printJson, progressBar, runMain, say } from './cli';
import { writeResult } from './results';
import { buildIsCurrent } from './web-server';

// `npm run bench:first-start -- [--runs 3] [--question "…"] [--json] [--results-dir DIR]`: what a
// newcomer sees after `npm install && npm start`: seconds from the start command to the web app
// serving, to the first sample question answered, and to the end of the first sync. Each run
// starts on a new data directory and a watched folder that does not exist yet (so the sample
// documents are copied in, as on a fresh clone). The web build made by `npm install` is used as
// is; the result says whether one had to be made at start.

interface Run {
  serve_s: number;
  first_answer_s: number;
  sync_done_s: number;
  /** What /api/health said while the first sync ran ("syncing" is the honest answer). */
  health_statuses: string[];
  /** Outcomes of the attempts before the first answer (`indexing` while documents were still being read). */
  outcomes_before_answer: string[];
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function health(url: string): Promise<{ status: string; syncing: unknown }> {
  const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as { status: string; syncing: unknown };
}

async function oneRun(question: string, timeoutS: number): Promise<Run> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'docent-first-start-'));
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let app: RunningApp | null = null;
  try {
    app = await startApp({ dataDir: path.join(folder, 'data'), watchDir: path.join(folder, 'knowledge'), timeoutMs: timeoutS * 1000 });
    const serveS = elapsed();
    const statuses = new Set<string>();
    const outcomes: string[] = [];
    let firstAnswerS: number | null = null;
    let syncDoneS: number | null = null;
    while (firstAnswerS === null || syncDoneS === null) {
      if (elapsed() > timeoutS) throw new Error(`no answer and end of sync within ${timeoutS} s:\n${app.output().slice(-2000)}`);
      if (syncDoneS === null) {
        const body = await health(app.url);
        statuses.add(body.status);
        if (body.syncing === null) syncDoneS = elapsed();
      }
      if (firstAnswerS === null) {
        const sample = await askChat(app.url, question);
        if (sample.outcome === 'answered') firstAnswerS = elapsed();
        else outcomes.push(sample.outcome);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return {
      serve_s: round(serveS),
      first_answer_s: round(firstAnswerS),
      sync_done_s: round(syncDoneS),
      health_statuses: [...statuses],
      outcomes_before_answer: outcomes,
    };
  } finally {
    await app?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

runMain(async () => {
  const { values } = parseCommandLine({
    runs: { type: 'string', default: '3' },
    question: { type: 'string', default: 'How many vacation days do I get per year?' },
    timeout: { type: 'string', default: '300' },
    json: { type: 'boolean', default: false },
    'results-dir': { type: 'string' },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError('--runs takes a whole number of at least 1.');
  const buildWasCurrent = buildIsCurrent();
  say(
    buildWasCurrent
      ? 'The web app is built (npm install builds it).'
      : 'The web app is not built: the first run builds it at start, as a fresh `npm start` would.',
  );
  const bar = progressBar('first start', runs);
  const results: Run[] = [];
  for (let run = 0; run < runs; run += 1) {
    results.push(await oneRun(values.question, Number(values.timeout)));
    const last = results.at(-1)!;
    say(`run ${run + 1}: serving after ${last.serve_s} s, first answer after ${last.first_answer_s} s, first sync done after ${last.sync_done_s} s`);
    bar.update(run + 1);
  }
  bar.stop();
  const result = {
    question: values.question,
    web_build_current_at_start: buildWasCurrent,
    runs: results,
    serve_s: median(results.map((run) => run.serve_s)),
    first_answer_s: median(results.map((run) => run.first_answer_s)),
    sync_done_s: median(results.map((run) => run.sync_done_s)),
  };
  const file = writeResult('bench-first-start', result, values['results-dir'] ? path.resolve(values['results-dir']) : undefined);
  say(`First answer after ${result.first_answer_s} s (median of ${runs}); written to ${path.relative(process.cwd(), file)}`);
  if (values.json) printJson(result);
});

import path from 'node:path';
import type { Assistant } from '../../lib/answer/assistant';
import type { Config } from '../../lib/config';
import { identityKey } from '../../lib/embedder/types';
import { describeError } from '../../lib/errors';
import { documentId } from '../../lib/ids';
import type { Services } from '../../lib/services';
import type { VectorIndex } from '../../lib/vector-index/types';
import { chunkDocument } from '../../ingest/chunk';
import { planChunks, tagsFor } from '../../ingest/embed';
import { extractLikeIngest } from '../faults/verify-index';
import { filesUnder, random } from '../faults/workspace';
import { round } from '../../lib/evaluation/metrics';
import { percentile } from '../../lib/status';
import { SYSTEM } from '../../lib/spaces/principals';

// The cluster test's workload and checks: which chunk ids the folder should give, whether Qdrant
// holds each of them, and a chat load through Docent's answer workflow.

export interface PointAudit {
  files: number;
  indexed: number;
  /** Chunks the registry says the indexed documents have. */
  registry_chunks: number;
  /** Points in the collection (exact count). */
  points: number;
  /** Chunk ids a fresh ingest of the folder gives that Qdrant does not hold. */
  lost_points: number;
  /** Points of a current document that a fresh ingest would not give. */
  unexpected_points: number;
  /** Documents whose registry row (status, chunk count) disagrees with Qdrant. */
  registry_mismatches: number;
  problems: string[];
}

/**
 * Compares Qdrant with the folder and the registry: every chunk id a fresh ingest of each file
 * gives (ids are deterministic) must be a point, each document's registry chunk count must be
 * the number of its points, and the collection must hold nothing else.
 */
export async function auditPoints(services: Services, config: Config, root: string): Promise<PointAudit> {
  const embedderKey = identityKey(services.index.identity);
  const files = filesUnder(root);
  const problems: string[] = [];
  let lost = 0;
  let unexpected = 0;
  let mismatches = 0;
  let expectedTotal = 0;
  for (const relative of files) {
    const document = await extractLikeIngest(config, path.join(root, relative));
    const docId = documentId(root, relative);
    const planned = await planChunks(
      document,
      await chunkDocument(document, config.chunking),
      { docId, root, path: relative, tags: tagsFor(relative) },
      embedderKey,
    );
    expectedTotal += planned.length;
    const expected = new Set(planned.map((item) => item.id));
    const stored = new Set((await services.index.listDocumentPoints(docId)).map((point) => point.id));
    const missing = [...expected].filter((id) => !stored.has(id)).length;
    const extra = [...stored].filter((id) => !expected.has(id)).length;
    lost += missing;
    unexpected += extra;
    const row = services.registry.get(docId);
    if (row?.status !== 'indexed' || row.chunkCount !== stored.size) {
      mismatches += 1;
      if (problems.length < 20)
        problems.push(`${relative}: registry ${row?.status ?? 'missing'} with ${row?.chunkCount ?? 0} chunks, ${stored.size} points in Qdrant`);
    }
    if ((missing || extra) && problems.length < 20) problems.push(`${relative}: ${missing} chunks missing from Qdrant, ${extra} unexpected points`);
  }
  const indexed = services.registry.list({ status: 'indexed' });
  const points = await services.index.count();
  if (points !== expectedTotal) problems.push(`the collection holds ${points} points; the folder gives ${expectedTotal} chunks`);
  return {
    files: files.length,
    indexed: indexed.length,
    registry_chunks: indexed.reduce((sum, doc) => sum + doc.chunkCount, 0),
    points,
    lost_points: lost,
    unexpected_points: unexpected + Math.max(0, points - expectedTotal - unexpected),
    registry_mismatches: mismatches,
    problems,
  };
}

/**
 * Notes every error the index's Qdrant calls still raise (after qdrant-call.ts's retries) with the
 * time it happened: the chat load only sees "search is temporarily unavailable", this says why.
 */
export function recordIndexErrors(index: VectorIndex, started: number): string[] {
  const seen: string[] = [];
  const target = index as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ['query', 'count', 'termStatistics', 'fetchVectors', 'listDocumentPoints'] as const) {
    const original = target[method]!.bind(index);
    target[method] = (...args: unknown[]) =>
      original(...args).catch((error: unknown) => {
        const cause = (error as { cause?: { data?: unknown } }).cause?.data;
        seen.push(`${Math.round((performance.now() - started) / 100) / 10} s ${method}: ${describeError(error)}${cause ? ` ${JSON.stringify(cause)}` : ''}`);
        throw error;
      });
  }
  return seen;
}

const TOPICS = ['invoice', 'travel', 'hotel', 'receipt', 'vacation', 'laptop', 'password', 'backup', 'budget', 'safety', 'parking', 'payroll'];
const OBJECTS = ['policy', 'approval', 'report', 'schedule', 'contract', 'training', 'audit', 'warranty', 'inventory', 'delivery'];

/** Questions in the corpus' vocabulary, so retrieval finds passages and the whole answer path runs. */
export function chatQuestions(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = (words: string[]) => words[Math.floor(next() * words.length)]!;
  const forms = [
    (a: string, b: string) => `What does the ${a} ${b} say?`,
    (a: string, b: string) => `Which items mention the ${a} and the ${b}?`,
    (a: string, b: string) => `Who handles ${a} ${b} questions?`,
  ];
  return Array.from({ length: count }, (_, index) => forms[index % forms.length]!(pick(TOPICS), pick(OBJECTS)));
}

export interface ChatFigures {
  users: number;
  duration_s: number;
  requests: number;
  /** Requests that threw, or whose outcome was "search is temporarily unavailable". */
  failed_requests: number;
  requests_per_s: number;
  latency_p95_s: number;
  outcomes: Record<string, number>;
  error_examples: string[];
}

/**
 * `users` askers, each asking again as soon as an answer is complete, until `signal` aborts. A
 * failure is noted with the second of the load it happened in, to tell a kill from a restart.
 */
export async function chatLoad(assistant: Assistant, options: { users: number; questions: string[]; signal: AbortSignal }): Promise<ChatFigures> {
  const started = performance.now();
  const at = () => Math.round((performance.now() - started) / 100) / 10;
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const errors: string[] = [];
  let requests = 0;
  await Promise.all(
    Array.from({ length: options.users }, async (_, user) => {
      for (let turn = 0; !options.signal.aborted; turn += 1) {
        const question = options.questions[(user * 7 + turn) % options.questions.length]!;
        const asked = performance.now();
        requests += 1;
        try {
          const { events, outcome } = await assistant.askToCompletion({ viewer: SYSTEM, question });
          latencies.push((performance.now() - asked) / 1000);
          const key = outcome.reason ? `${outcome.outcome}:${outcome.reason}` : outcome.outcome;
          outcomes[key] = (outcomes[key] ?? 0) + 1;
          const failed = events.find((event) => event.type === 'error');
          if (failed) errors.push(`${at()} s: ${JSON.stringify(failed)}`);
        } catch (error) {
          errors.push(`${at()} s: ${describeError(error)}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    users: options.users,
    duration_s: round(seconds, 1),
    requests,
    failed_requests: errors.length,
    requests_per_s: round((requests - errors.length) / seconds, 2),
    latency_p95_s: round(percentile(latencies, 95) ?? 0, 3),
    outcomes,
    error_examples: errors.slice(0, 10),
  };
}

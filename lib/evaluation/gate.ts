import type { Config } from '../config';
import { type Retriever, searchDocuments } from '../retrieval';
import { mean, round } from './metrics';
import { type EvalItem, loadEvalSet } from './eval-set';

export interface GateOutcome {
  passed: boolean;
  summary: string;
  details?: Record<string, unknown>;
}

/** Mean Recall@k of the expected documents over the evaluation set. */
export async function recallAtK(retriever: Retriever, items: EvalItem[], k: number): Promise<number> {
  const recalls: number[] = [];
  for (const item of items) {
    const results = await searchDocuments(retriever, item.question, { k });
    const found = new Set(results.map((result) => result.path));
    recalls.push(item.expected.filter((path) => found.has(path)).length / item.expected.length);
  }
  return mean(recalls);
}

/**
 * The reindex gate: the candidate generation must reach the minimum Recall@k on the user's
 * evaluation set and lose no more than the allowed drop against the generation serving now.
 */
export async function evaluateGate(config: Config, candidate: Retriever, serving: Retriever | null): Promise<GateOutcome> {
  const { k, minRecall, maxDrop, evalSetPath } = config.gate;
  const items = loadEvalSet(evalSetPath);
  if (!items || items.length === 0) {
    return { passed: true, summary: `no evaluation set at ${evalSetPath}, so nothing to compare (see README, "Reindex gate")`, details: { questions: 0 } };
  }
  const candidateRecall = await recallAtK(candidate, items, k);
  const servingRecall = serving ? await recallAtK(serving, items, k) : null;
  const drop = servingRecall === null ? 0 : servingRecall - candidateRecall;
  const reasons: string[] = [];
  if (candidateRecall < minRecall) reasons.push(`Recall@${k} ${round(candidateRecall, 3)} is below the minimum ${minRecall}`);
  if (drop > maxDrop) reasons.push(`Recall@${k} drops by ${round(drop, 3)} (from ${round(servingRecall!, 3)}), more than the allowed ${maxDrop}`);
  const numbers = `Recall@${k} ${round(candidateRecall, 3)}${servingRecall === null ? '' : ` vs ${round(servingRecall, 3)} serving now`} on ${items.length} questions`;
  return {
    passed: reasons.length === 0,
    summary: reasons.length ? `${reasons.join('; ')} (${numbers})` : numbers,
    details: {
      questions: items.length,
      k,
      recall: round(candidateRecall),
      serving_recall: servingRecall === null ? null : round(servingRecall),
      min_recall: minRecall,
      max_drop: maxDrop,
    },
  };
}

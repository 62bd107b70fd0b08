/** Graded relevance of documents for one query. */
export type Judgments = Map<string, number>;

/** nDCG@k with graded gains (2^rel − 1) and log2 discounts, as trec_eval's ndcg_cut. */
export function ndcgAtK(ranked: string[], judgments: Judgments, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, index) => {
    const relevance = judgments.get(id) ?? 0;
    if (relevance > 0) dcg += (2 ** relevance - 1) / Math.log2(index + 2);
  });
  const ideal = [...judgments.values()]
    .filter((value) => value > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, relevance, index) => sum + (2 ** relevance - 1) / Math.log2(index + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAtK(ranked: string[], judgments: Judgments, k: number): number {
  const relevant = [...judgments.entries()].filter(([, value]) => value > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 when a relevant document is within the first k, else 0 (gold paragraph @k). */
export function hitAtK(ranked: string[], judgments: Judgments, k: number): number {
  return ranked.slice(0, k).some((id) => (judgments.get(id) ?? 0) > 0) ? 1 : 0;
}

export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Area under the ROC curve of `scores` for telling positives from negatives (ties count half). */
export function auroc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return 0.5;
  const all = [...positives.map((score) => ({ score, positive: true })), ...negatives.map((score) => ({ score, positive: false }))].sort(
    (a, b) => a.score - b.score,
  );
  // Mann–Whitney U via average ranks.
  let rankSum = 0;
  for (let index = 0; index < all.length;) {
    let end = index;
    while (end + 1 < all.length && all[end + 1]!.score === all[index]!.score) end += 1;
    const averageRank = (index + end + 2) / 2;
    for (let position = index; position <= end; position += 1) if (all[position]!.positive) rankSum += averageRank;
    index = end + 1;
  }
  const u = rankSum - (positives.length * (positives.length + 1)) / 2;
  return u / (positives.length * negatives.length);
}

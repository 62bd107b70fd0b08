// The paraphrase matcher's parameters, apart from its code so that the configuration can default
// to them without loading the tokenizer.

export const PARAPHRASE_FEATURES = ['dense', 'overlap', 'missing', 'added', 'kind'] as const;
export type ParaphraseFeature = (typeof PARAPHRASE_FEATURES)[number];
export type ParaphraseFeatures = Record<ParaphraseFeature, number>;

export interface ParaphraseModel {
  /** What a framing word ("allowed", "need", "days") weighs against a content word's 1. */
  frameWeight: number;
  bias: number;
  weights: ParaphraseFeatures;
  threshold: number;
}

/**
 * The matcher Docent ships, fitted by `npm run eval:paraphrase -- --fit` on the calibration half of
 * lib/evaluation/paraphrases.jsonl (docs/results/eval-paraphrase.json has the held-out figures).
 * DOCENT_PARAPHRASE_THRESHOLD moves only the threshold.
 */
export const CALIBRATED_PARAPHRASE_MODEL: ParaphraseModel = {
  frameWeight: 0,
  bias: -0.1412,
  weights: { dense: 4, overlap: 1, missing: -8, added: -4, kind: -8 },
  threshold: 0.5,
};

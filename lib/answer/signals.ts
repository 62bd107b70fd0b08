/** The evidence the confidence score weighs; each signal lies in [0, 1] (see confidence.ts). */
export const SIGNAL_NAMES = [
  'dense_top',
  'lexical_coverage',
  'answer_coverage',
  'answer_similarity',
  'margin',
  'agreement',
  'support',
  'type_fit',
  'complete',
  'known_coverage',
  'quote_score',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

export interface ConfidenceModel {
  bias: number;
  weights: Record<SignalName, number>;
  threshold: number;
}

import type { ConfidenceModel } from './signals';

/**
 * The confidence model the offline default ships with, fitted by `npm run eval:answers` on the
 * calibration half of SQuAD 2.0 dev half A (docs/benchmarks.md has the run and the held-out
 * figures). Replace with DOCENT_CONFIDENCE_MODEL after calibrating on your own data.
 */
// Fitted 2026-11-21 on 961 questions (split a). Held out (split b, 993 questions): answerable
// answered 86.0% with the gold answer inside 80.4%, out-of-index escalated 91.2%, AUROC 0.952
// against out-of-index questions. `support` never varies for extractive answers (always 1), so
// it keeps weight 0; calibrate with an LLM configured to weigh it.
export const CALIBRATED_CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -4.1893,
  weights: { dense_top: 0.7012, lexical_coverage: 1.4256, answer_coverage: 1.516, answer_similarity: 3.1322, margin: 0.8567, agreement: 0.1931, support: 0 },
  threshold: 0.4009,
};

import type { ConfidenceModel } from './signals';

// Replaced by `npm run calibrate -- --write` (fitted on the calibration halves only).
export const SHIPPED_CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -4.1893,
  weights: {
    dense_top: 0.7012,
    lexical_coverage: 1.4256,
    answer_coverage: 1.516,
    answer_similarity: 3.1322,
    margin: 0.8567,
    agreement: 0.1931,
    support: 0,
    type_fit: 0,
    complete: 0,
  },
  threshold: 0.4009,
};

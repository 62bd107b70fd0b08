import { SHIPPED_CONFIDENCE_MODEL } from './confidence-model';
import type { ConfidenceModel } from './signals';

/**
 * The confidence model the offline default ships with: fitted by `npm run calibrate` on the
 * calibration halves of doc2dial, SQuAD 2.0 dev half A, the sample handbook's question set and docs-qa, and
 * measured on the report halves by `npm run eval:docs` and `npm run eval:answers`
 * (docs/benchmarks.md). Replace with DOCENT_CONFIDENCE_MODEL after calibrating on your own data.
 */
export const CALIBRATED_CONFIDENCE_MODEL: ConfidenceModel = SHIPPED_CONFIDENCE_MODEL;

/**
 * The confidence model for a question in `language`: the one calibrated for that language when
 * there is one (the offline embedder reads English only, so its signals mean something else in
 * other languages and one threshold does not fit all), else the general one.
 */
export function confidenceModelFor(
  models: { confidence: ConfidenceModel; confidenceByLanguage: Record<string, ConfidenceModel> },
  language: string | undefined,
): ConfidenceModel {
  return (language && models.confidenceByLanguage[language]) || models.confidence;
}

import type { ConfidenceModel } from './signals';

// Written by `npm run calibrate:languages -- --write`: one model per language, fitted on the
// calibration half (split a) of XQuAD in that language. English keeps the shipped model
// (confidence-model.ts). The report halves are measured by `npm run eval:languages`.
export const LANGUAGE_CONFIDENCE_MODELS: Record<string, ConfidenceModel> = {};

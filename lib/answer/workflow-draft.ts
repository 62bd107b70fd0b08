import type { Config } from '../config';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import type { AnswerRun } from './answer-run';
import { confidenceModelFor } from './calibration';
import { computeSignals, confidenceScore } from './confidence';
import type { AnswerEvent, EscalationReason } from './events';
import type { Answerer, Draft, DraftRequest } from './generate';
import { askingTerms, namedTerms } from './question-type';

/**
 * Step 3 of the workflow: writes the draft, yielding the tokens of a streaming answerer as they
 * arrive (a small queue bridges its callback to this generator); returns the draft.
 */
export async function* streamDraft(answerer: Answerer, request: Omit<DraftRequest, 'onToken'>): AsyncGenerator<AnswerEvent, Draft> {
  const pending: string[] = [];
  let wake: (() => void) | null = null;
  let drafted = false;
  const drafting = answerer
    .draft({
      ...request,
      onToken: (text) => {
        pending.push(text);
        wake?.();
      },
    })
    .finally(() => {
      drafted = true;
      wake?.();
    });
  // Its failure reaches the caller after the tokens; this keeps it from counting as unhandled meanwhile.
  drafting.catch(() => undefined);
  while (!drafted || pending.length) {
    if (pending.length) {
      yield { type: 'token', text: pending.shift()! };
      continue;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
  return drafting;
}

/**
 * Step 4 of the workflow: the calibrated confidence of the draft, left on the run, and the reason
 * to escalate it (null when it is answered).
 */
export async function checkDraft(
  run: AnswerRun,
  draft: Draft,
  context: { config: Config; scheduler: EmbeddingScheduler; terms: string[]; questionVector: Float32Array },
): Promise<EscalationReason | null> {
  const answerVector = draft.answerVector ?? (draft.answerBody ? await context.scheduler.embedQuery(draft.answerBody) : null);
  // The words that ask ("long" in "how long", "much" in "how much") are not what the answer is about: "within 3
  // working days" answers "How long does approval take?" without the word "long", and counting it marked every such
  // answer, and its passage, as covering less of the question. English only, as the asking words are.
  run.signals = computeSignals({
    terms: namedTerms(context.terms, askingTerms(run.question), run.language),
    idf: run.idf,
    unseen: run.unseen,
    questionVector: context.questionVector,
    answerVector,
    results: run.results,
    draft,
    language: run.language,
  });
  const model = confidenceModelFor(context.config.answers, run.language);
  run.score = draft.abstained || !draft.text ? 0 : confidenceScore(run.signals, model);
  if (draft.citations.some((citation) => citation.lowConfidence)) {
    // Quoting a page OCR read with low confidence: the words may not be what the page says.
    run.signals.low_confidence_ocr = 1;
    run.score *= context.config.ocr.confidencePenalty;
  }
  if (draft.abstained) return 'not_in_documents';
  if (!draft.text) return 'no_sources';
  if (run.score < model.threshold) return 'low_confidence';
  // A yes/no question is answered only by a quote that decides it, whatever the score: "Can I work part-time?" was
  // answered at 0.677 with "Part-time colleagues receive the same allowance pro rata…", which says nothing of whether one
  // may. The documents found do not say, so a person answers.
  return draft.checks?.decides === false ? 'not_in_documents' : null;
}

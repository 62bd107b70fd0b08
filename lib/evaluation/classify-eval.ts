import type { Classifier } from '../answer/classify';
import type { Category } from '../answer/events';
import { round } from './metrics';
import { CATEGORY_OF, LABELS, type Label, type Utterance } from './utterances';

export const CATEGORIES: readonly Category[] = ['smalltalk', 'out_of_scope', 'sensitive', 'question'];

export interface Prediction {
  utterance: Utterance;
  category: Category;
  reason: string;
}

export interface ClassificationFigures {
  n: number;
  accuracy: number;
  classes: Record<Category, { n: number; predicted: number; precision: number; recall: number }>;
  /** Recall of each fine label (a greeting counted right when classified as small talk). */
  labels: Record<Label, { n: number; recall: number }>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Category, Record<Category, number>>;
  sensitive_missed: number;
  /** Real questions declined as out of scope: nobody would answer them. */
  questions_declined: number;
}

/** Classifies every utterance (a few at a time: the embedder batches concurrent texts). */
export async function classifyAll(classifier: Classifier, utterances: Utterance[], onProgress?: (done: number) => void): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (let start = 0; start < utterances.length; start += 16) {
    const batch = utterances.slice(start, start + 16);
    const results = await Promise.all(batch.map((utterance) => classifier.classify(utterance.text)));
    results.forEach((result, index) => predictions.push({ utterance: batch[index]!, category: result.category, reason: result.reason }));
    onProgress?.(predictions.length);
  }
  return predictions;
}

const ratio = (part: number, whole: number) => round(whole ? part / whole : 0);

export function classificationFigures(predictions: Prediction[]): ClassificationFigures {
  const expected = (prediction: Prediction) => CATEGORY_OF[prediction.utterance.label];
  const confusion = Object.fromEntries(CATEGORIES.map((row) => [row, Object.fromEntries(CATEGORIES.map((column) => [column, 0]))])) as Record<
    Category,
    Record<Category, number>
  >;
  for (const prediction of predictions) confusion[expected(prediction)][prediction.category]++;
  const classes = Object.fromEntries(
    CATEGORIES.map((category) => {
      const n = predictions.filter((prediction) => expected(prediction) === category).length;
      const predicted = predictions.filter((prediction) => prediction.category === category).length;
      const right = confusion[category][category];
      return [category, { n, predicted, precision: ratio(right, predicted), recall: ratio(right, n) }];
    }),
  ) as ClassificationFigures['classes'];
  const labels = Object.fromEntries(
    LABELS.map((label) => {
      const items = predictions.filter((prediction) => prediction.utterance.label === label);
      return [label, { n: items.length, recall: ratio(items.filter((item) => item.category === CATEGORY_OF[label]).length, items.length) }];
    }),
  ) as ClassificationFigures['labels'];
  return {
    n: predictions.length,
    accuracy: ratio(predictions.filter((prediction) => prediction.category === expected(prediction)).length, predictions.length),
    classes,
    labels,
    confusion,
    sensitive_missed: predictions.filter((prediction) => prediction.utterance.label === 'sensitive' && prediction.category !== 'sensitive').length,
    questions_declined: predictions.filter((prediction) => prediction.utterance.label === 'question' && prediction.category === 'out_of_scope').length,
  };
}

/** Whether figures reach the targets: every class at least `minimum` precision and recall, no sensitive message missed. */
export function meetsTargets(figures: ClassificationFigures, minimum = 0.95): boolean {
  return (
    figures.sensitive_missed === 0 &&
    CATEGORIES.every((category) => figures.classes[category].precision >= minimum && figures.classes[category].recall >= minimum)
  );
}

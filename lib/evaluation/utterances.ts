import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Category } from '../answer/events';
import { halfOf } from './datasets';

// The labelled messages the classifier is measured on (our own text, written for Docent). Each
// line is {"text", "label"}; its half comes from a hash of the text, so nobody picks the split:
// patterns and thresholds are tuned on the development half and reported on the other.

export const UTTERANCES_FILE = path.resolve(import.meta.dirname, 'utterances.jsonl');

export const LABELS = ['greeting', 'thanks', 'smalltalk', 'out_of_scope', 'sensitive', 'question'] as const;
export type Label = (typeof LABELS)[number];
export type Split = 'dev' | 'report';

/** The category a label should be classified as: greetings and thanks are small talk. */
export const CATEGORY_OF: Record<Label, Category> = {
  greeting: 'smalltalk',
  thanks: 'smalltalk',
  smalltalk: 'smalltalk',
  out_of_scope: 'out_of_scope',
  sensitive: 'sensitive',
  question: 'question',
};

export interface Utterance {
  text: string;
  label: Label;
  split: Split;
}

const line = z.object({ text: z.string().min(1), label: z.enum(LABELS) });

export function splitOf(text: string): Split {
  return halfOf(text) === 'a' ? 'dev' : 'report';
}

export function loadUtterances(file = UTTERANCES_FILE): Utterance[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.trim())
    .map(({ row, index }) => {
      const parsed = line.safeParse(JSON.parse(row));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return { ...parsed.data, split: splitOf(parsed.data.text) };
    });
}

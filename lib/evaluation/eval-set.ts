import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DocentError } from '../errors';

/** One line of the user's evaluation set: a question and the documents that answer it. */
const evalItemSchema = z.object({
  question: z.string().min(1),
  /** Paths relative to their watched folder, e.g. "handbook/time-off.md". */
  expected: z.array(z.string().min(1)).min(1),
});

export type EvalItem = z.infer<typeof evalItemSchema>;

export class EvalSetError extends DocentError {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('eval_set_invalid', message);
  }
}

/** Reads a JSONL evaluation set; null when the file does not exist. */
export function loadEvalSet(file: string): EvalItem[] | null {
  if (!fs.existsSync(file)) return null;
  const items: EvalItem[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim() || line.trim().startsWith('//')) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new EvalSetError(file, `${file}:${index + 1} is not valid JSON.`);
      }
      const result = evalItemSchema.safeParse(parsed);
      if (!result.success)
        throw new EvalSetError(file, `${file}:${index + 1} needs {"question": "...", "expected": ["path/in/folder.md"]}: ${result.error.issues[0]?.message}`);
      items.push(result.data);
    });
  return items;
}

// Questions about the sample handbook in examples/, with the file each is answered in.
export const STARTER_EVAL_SET: EvalItem[] = [
  { question: 'How many vacation days do I get per year?', expected: ['handbook/time-off.md'] },
  { question: 'How many unused vacation days can I carry over?', expected: ['handbook/time-off.md'] },
  { question: 'How long is parental leave?', expected: ['handbook/time-off.md'] },
  { question: 'What is the hotel cap per night?', expected: ['handbook/expenses-and-travel.md'] },
  { question: 'How long do I have to submit receipts?', expected: ['handbook/expenses-and-travel.md'] },
  { question: 'Where do I reset my password?', expected: ['handbook/it-and-security.md'] },
  { question: 'My laptop was stolen, who do I tell?', expected: ['handbook/it-and-security.md'] },
  { question: 'How many days a week do I have to be in the office?', expected: ['handbook/remote-work.md'] },
  { question: 'What gloves are required in the kiln area?', expected: ['handbook/safety-manual.pdf'] },
  { question: 'Which gifts must be declared?', expected: ['handbook/code-of-conduct.docx'] },
  { question: 'Where do I pick up my badge on the first day?', expected: ['handbook/onboarding.html'] },
];

/** Writes the starter set next to a fresh copy of the samples, never over the user's own set. */
export function writeStarterEvalSet(file: string): boolean {
  if (fs.existsSync(file)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const header = '// Docent reindex gate: one JSON object per line, {"question": "...", "expected": ["path relative to the watched folder"]}\n';
  fs.writeFileSync(file, header + STARTER_EVAL_SET.map((item) => JSON.stringify(item)).join('\n') + '\n');
  return true;
}

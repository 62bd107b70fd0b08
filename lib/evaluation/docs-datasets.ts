import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DatasetMissingError, readJsonLines } from './datasets';

// Question sets over real documents, for `npm run eval:docs` and the calibration of the shipped
// confidence model. Three layouts: doc2dial (docs/<domain>/…, gold spans), docs-qa (corpus/…,
// verbatim evidence, unanswerable questions) and the sample handbook's set written for Docent.

export interface DocsQuestion {
  id: string;
  question: string;
  /** Asked first, in the same conversation (a follow-up's context). */
  previous: string[];
  answerable: boolean;
  /** doc2dial: the domain (a folder under docs/); docs-qa: the corpus; handbook: "handbook". */
  group: string;
  /** Verbatim quotes an answer must contain (docs-qa, handbook). */
  evidence: string[];
  /** The text the answer is grounded in (doc2dial); coverage of its content words is measured. */
  span: string | null;
}

export interface DocsDataset {
  name: string;
  layout: 'doc2dial' | 'docs-qa' | 'handbook';
  /** Folder holding one sub-folder per group (doc2dial's domains) or the whole corpus. */
  corpus: string;
  questions: DocsQuestion[];
}

export const DOCS_DOWNLOAD_HINT =
  'eval:docs reads ../shared/datasets/doc2dial (docs/ and questions.jsonl) or ../shared/datasets/docs-qa (corpus/ and questions.jsonl), ' +
  'as described in ../shared/datasets/README.md; `--dataset handbook` needs nothing outside the repository.';

/** The sample handbook's question set (ours): the documents are examples/handbook. */
export const HANDBOOK_QUESTIONS = path.resolve(import.meta.dirname, 'sets', 'handbook-qa.jsonl');
export const HANDBOOK_CORPUS = path.resolve(import.meta.dirname, '..', '..', 'examples', 'handbook');

const doc2dialQuestion = z.object({ id: z.string(), question: z.string(), domain: z.string(), answer_span: z.string(), answerable: z.boolean() });
const docsQaQuestion = z.object({
  id: z.string(),
  corpus: z.string(),
  question: z.string(),
  answerable: z.boolean(),
  evidence: z.string().nullable(),
});
const handbookQuestion = z.object({
  id: z.string(),
  question: z.string(),
  answerable: z.boolean(),
  evidence: z.array(z.string()).default([]),
  previous: z.array(z.string()).default([]),
  type: z.string().optional(),
});

/** Recognises the layout of `location` (or the name `handbook`) and loads its questions. */
export function loadDocsDataset(location: string): DocsDataset {
  if (location === 'handbook') {
    const questions = readJsonLines(HANDBOOK_QUESTIONS).map((row) => {
      const item = handbookQuestion.parse(row);
      return {
        id: item.id,
        question: item.question,
        previous: item.previous,
        answerable: item.answerable,
        group: 'handbook',
        evidence: item.evidence,
        span: null,
      };
    });
    return { name: 'handbook', layout: 'handbook', corpus: HANDBOOK_CORPUS, questions };
  }
  const directory = path.resolve(location);
  const questionsFile = path.join(directory, 'questions.jsonl');
  if (!fs.existsSync(questionsFile)) throw new DatasetMissingError(directory, `A question set (questions.jsonl). ${DOCS_DOWNLOAD_HINT}`);
  if (fs.existsSync(path.join(directory, 'docs'))) {
    const questions = readJsonLines(questionsFile).map((row) => {
      const item = doc2dialQuestion.parse(row);
      return { id: item.id, question: item.question, previous: [], answerable: item.answerable, group: item.domain, evidence: [], span: item.answer_span };
    });
    return { name: path.basename(directory), layout: 'doc2dial', corpus: path.join(directory, 'docs'), questions };
  }
  if (fs.existsSync(path.join(directory, 'corpus'))) {
    const questions = readJsonLines(questionsFile).map((row) => {
      const item = docsQaQuestion.parse(row);
      return {
        id: item.id,
        question: item.question,
        previous: [],
        answerable: item.answerable,
        group: item.corpus,
        evidence: item.evidence ? [item.evidence] : [],
        span: item.evidence,
      };
    });
    return { name: path.basename(directory), layout: 'docs-qa', corpus: path.join(directory, 'corpus'), questions };
  }
  throw new DatasetMissingError(directory, `A docs/ or corpus/ folder beside questions.jsonl. ${DOCS_DOWNLOAD_HINT}`);
}

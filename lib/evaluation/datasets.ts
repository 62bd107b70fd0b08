import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Judgments } from './metrics';

export interface EvalDocument {
  id: string;
  title: string;
  text: string;
}

export interface EvalQuery {
  id: string;
  text: string;
  judgments: Judgments;
}

export interface RetrievalDataset {
  name: string;
  documents: EvalDocument[];
  queries: EvalQuery[];
}

export class DatasetMissingError extends Error {
  constructor(
    readonly location: string,
    what: string,
  ) {
    super(`${what} was not found at ${location}. ${DOWNLOAD_HINT}`);
    this.name = 'DatasetMissingError';
  }
}

export const DOWNLOAD_HINT =
  'Evaluation data is not part of the repository: place BEIR SciFact (corpus.jsonl, queries_test.jsonl, qrels/test.tsv; https://github.com/beir-cellar/beir) ' +
  'or a SQuAD 2.0 JSON file (https://rajpurkar.github.io/SQuAD-explorer/) there, as described in ../shared/datasets/README.md.';

export function readJsonLines(file: string): unknown[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

const beirDocument = z.object({ _id: z.union([z.string(), z.number()]).transform(String), title: z.string().default(''), text: z.string() });
const beirQuery = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

/** A BEIR-layout folder: corpus.jsonl, queries_test.jsonl (or queries.jsonl), qrels/test.tsv. */
export function loadBeir(directory: string): RetrievalDataset {
  const corpusFile = path.join(directory, 'corpus.jsonl');
  if (!fs.existsSync(corpusFile)) throw new DatasetMissingError(directory, 'A BEIR dataset (corpus.jsonl)');
  const queriesFile = ['queries_test.jsonl', 'queries.jsonl'].map((name) => path.join(directory, name)).find((file) => fs.existsSync(file));
  const qrelsFile = path.join(directory, 'qrels', 'test.tsv');
  if (!queriesFile || !fs.existsSync(qrelsFile)) throw new DatasetMissingError(directory, 'BEIR queries and qrels/test.tsv');
  const documents = readJsonLines(corpusFile).map((row) => {
    const parsed = beirDocument.parse(row);
    return { id: parsed._id, title: parsed.title, text: parsed.text };
  });
  const judgments = new Map<string, Judgments>();
  for (const line of fs.readFileSync(qrelsFile, 'utf8').split('\n').slice(1)) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (!queryId || !documentId) continue;
    if (!judgments.has(queryId)) judgments.set(queryId, new Map());
    judgments.get(queryId)!.set(documentId, Number(score));
  }
  const queries = readJsonLines(queriesFile)
    .map((row) => beirQuery.parse(row))
    .filter((query) => judgments.has(query._id))
    .map((query) => ({ id: query._id, text: query.text, judgments: judgments.get(query._id)! }));
  return { name: path.basename(directory), documents, queries };
}

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              is_impossible: z.boolean().default(false),
              answers: z.array(z.object({ text: z.string() })).default([]),
              plausible_answers: z.array(z.object({ text: z.string() })).optional(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface SquadQuestion {
  id: string;
  question: string;
  article: string;
  paragraphId: string;
  answerable: boolean;
  answers: string[];
}

export interface SquadData {
  name: string;
  articles: { title: string; paragraphs: EvalDocument[] }[];
  questions: SquadQuestion[];
}

export function loadSquad(file: string): SquadData {
  if (!fs.existsSync(file)) throw new DatasetMissingError(file, 'A SQuAD 2.0 file');
  const parsed = squadSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const articles: SquadData['articles'] = [];
  const questions: SquadQuestion[] = [];
  parsed.data.forEach((article, articleIndex) => {
    const paragraphs = article.paragraphs.map((paragraph, paragraphIndex) => {
      const id = `a${String(articleIndex).padStart(2, '0')}p${String(paragraphIndex).padStart(3, '0')}`;
      for (const qa of paragraph.qas) {
        questions.push({
          id: qa.id,
          question: qa.question,
          article: article.title,
          paragraphId: id,
          answerable: !qa.is_impossible,
          answers: qa.answers.map((answer) => answer.text),
        });
      }
      return { id, title: article.title.replace(/_/g, ' '), text: paragraph.context };
    });
    articles.push({ title: article.title, paragraphs });
  });
  return { name: path.basename(file), articles, questions };
}

/** SQuAD as a retrieval set: paragraphs are documents, answerable questions ask for their paragraph. */
export function squadAsRetrieval(data: SquadData, articleFilter: (title: string, index: number) => boolean = () => true): RetrievalDataset {
  const kept = data.articles.filter((article, index) => articleFilter(article.title, index));
  const titles = new Set(kept.map((article) => article.title));
  return {
    name: data.name,
    documents: kept.flatMap((article) => article.paragraphs),
    queries: data.questions
      .filter((question) => question.answerable && titles.has(question.article))
      .map((question) => ({ id: question.id, text: question.question, judgments: new Map([[question.paragraphId, 1]]) })),
  };
}

/** A stable half of anything with an id: tune on one half, report on the other. */
export function halfOf(id: string): 'a' | 'b' {
  return crypto.createHash('sha256').update(id).digest()[0]! % 2 === 0 ? 'a' : 'b';
}

/** Which of `folds` folds an id falls in, independently of its half (halfOf reads the hash's first byte, this the second). */
export function foldOf(id: string, folds: number): number {
  return crypto.createHash('sha256').update(id).digest()[1]! % folds;
}

/** Writes each document as a Markdown file (title as heading) for the real pipeline to ingest. */
export function materialize(documents: EvalDocument[], folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  const wanted = new Set<string>();
  for (const document of documents) {
    const name = `${document.id.replace(/[^A-Za-z0-9_-]/g, '_')}.md`;
    wanted.add(name);
    const body = document.title ? `# ${document.title.replace(/\s+/g, ' ').trim()}\n\n${document.text}\n` : `${document.text}\n`;
    const file = path.join(folder, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== body) fs.writeFileSync(file, body);
  }
  for (const name of fs.readdirSync(folder)) if (!wanted.has(name)) fs.rmSync(path.join(folder, name));
}

/** The document id a file written by materialize() stands for. */
export function documentIdFromPath(relativePath: string): string {
  return path.basename(relativePath, '.md');
}

import crypto from 'node:crypto';
import { type Db, fromRow, jsonColumn, nowSeconds } from '../db';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import { identityKey } from '../embedder/types';
import { chunkId, textHash } from '../ids';
import type { Registry } from '../registry';
import { type Retriever, type SearchResult, searchChunks } from '../retrieval';
import type { AccessFilter, VectorIndex } from '../vector-index/types';
import type { EscalationStore } from './escalations';
import { paraphraseScore } from './paraphrase';
import type { ParaphraseModel } from './paraphrase-model';

/** A curated answer whose question matches the one asked, with the search hit that found it. */
export interface CuratedMatch {
  hit: SearchResult;
  entry: CuratedAnswer;
  score: number;
}

export interface CuratedSource {
  docId: string;
  path: string;
  /** The document's content when the answer was approved: a change makes the answer stale. */
  contentHash: string | null;
}

export interface CuratedAnswer {
  id: string;
  question: string;
  answer: string;
  basedOn: CuratedSource[];
  status: 'active' | 'stale' | 'deleted';
  escalationId: string | null;
  createdBy: string | null;
  /** The spaces it belongs to (those of its sources, or fewer as the reviewer chose); null for answers from before spaces. */
  spaces: string[] | null;
  createdAt: number;
  updatedAt: number;
}

interface CuratedRow {
  id: string;
  question: string;
  answer: string;
  based_on: string;
  status: CuratedAnswer['status'];
  escalation_id: string | null;
  created_by: string | null;
  spaces: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = ['id', 'question', 'answer', 'status', 'escalation_id', 'created_by', 'created_at', 'updated_at'] as const;

const toCurated = (row: CuratedRow): CuratedAnswer => ({
  ...fromRow(row, COLUMNS),
  basedOn: jsonColumn<CuratedSource[]>(row.based_on, []),
  spaces: jsonColumn<string[] | null>(row.spaces, null),
});

/** Curated answers live in the vector index as their own source type, one point each. */
export const CURATED_ROOT = 'curated';
export const curatedDocId = (id: string) => `curated:${id}`;
export const curatedIdOf = (docId: string) => (docId.startsWith('curated:') ? docId.slice('curated:'.length) : null);
/** Reviewed answers a question is matched against: the nearest few, since the nearest in meaning may be a near-miss. */
const CURATED_CANDIDATES = 5;

/** Reviewed question/answer pairs: approved or written by a person, found by retrieval next time. */
export class CuratedStore {
  constructor(private readonly db: Db) {}

  create(input: {
    question: string;
    answer: string;
    basedOn: CuratedSource[];
    escalationId: string | null;
    createdBy: string | null;
    spaces: string[] | null;
  }): CuratedAnswer {
    const id = crypto.randomUUID();
    const now = nowSeconds();
    this.db
      .prepare(
        `insert into curated_answers(id, question, answer, based_on, status, escalation_id, created_by, spaces, created_at, updated_at) values (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.question,
        input.answer,
        JSON.stringify(input.basedOn),
        input.escalationId,
        input.createdBy,
        input.spaces ? JSON.stringify(input.spaces) : null,
        now,
        now,
      );
    return this.get(id)!;
  }

  /** Changes whenever an answer is added or changed. */
  stamp(): string {
    const row = this.db.prepare('select count(*) as n, max(updated_at) as at from curated_answers').get() as { n: number; at: number | null };
    return `${row.n}:${row.at ?? 0}`;
  }

  get(id: string): CuratedAnswer | null {
    const row = this.db.prepare('select * from curated_answers where id = ?').get(id) as CuratedRow | undefined;
    return row ? toCurated(row) : null;
  }

  list(status: CuratedAnswer['status'] | 'all' = 'active'): CuratedAnswer[] {
    const rows = (
      status === 'all'
        ? this.db.prepare("select * from curated_answers where status != 'deleted' order by updated_at desc").all()
        : this.db.prepare('select * from curated_answers where status = ? order by updated_at desc').all(status)
    ) as CuratedRow[];
    return rows.map(toCurated);
  }

  update(
    id: string,
    changes: { question?: string; answer?: string; status?: CuratedAnswer['status']; basedOn?: CuratedSource[]; spaces?: string[] },
  ): CuratedAnswer | null {
    const current = this.get(id);
    if (!current) return null;
    const spaces = changes.spaces ?? current.spaces;
    this.db
      .prepare('update curated_answers set question = ?, answer = ?, status = ?, based_on = ?, spaces = ?, updated_at = ? where id = ?')
      .run(
        changes.question ?? current.question,
        changes.answer ?? current.answer,
        changes.status ?? current.status,
        JSON.stringify(changes.basedOn ?? current.basedOn),
        spaces ? JSON.stringify(spaces) : null,
        nowSeconds(),
        id,
      );
    return this.get(id);
  }

  /**
   * Reviewed answers stay knowledge when the escalations they answered are deleted (a forgotten
   * conversation); they only lose the link. Returns how many were linked.
   */
  unlinkEscalations(escalationIds: string[]): number {
    if (!escalationIds.length) return 0;
    return this.db
      .prepare(`update curated_answers set escalation_id = null where escalation_id in (${escalationIds.map(() => '?').join(', ')})`)
      .run(...escalationIds).changes;
  }
}

/** Writes (or rewrites) a curated answer's point: its vector is the question's, its text the answer. */
export async function indexCurated(target: { index: VectorIndex; scheduler: EmbeddingScheduler }, entry: CuratedAnswer): Promise<void> {
  const docId = curatedDocId(entry.id);
  const embedText = entry.question;
  const id = chunkId(docId, embedText, 0, identityKey(target.index.identity));
  const [vector] = await target.scheduler.embed([embedText]);
  const existing = await target.index.listDocumentPoints(docId);
  await target.index.writeDocument({
    docId,
    upsert: [
      {
        id,
        vector: vector!,
        text: entry.answer,
        payload: {
          doc_id: docId,
          root: CURATED_ROOT,
          path: `${CURATED_ROOT}/${entry.id}`,
          title: entry.question,
          heading: 'Reviewed answer',
          page: null,
          char_start: 0,
          char_end: entry.answer.length,
          chunk_index: 0,
          file_type: 'curated',
          tags: [CURATED_ROOT],
          source_type: 'curated',
          text_hash: textHash(embedText),
        },
      },
    ],
    updatePayload: [],
    delete: existing.filter((point) => point.id !== id).map((point) => point.id),
  });
}

export async function unindexCurated(index: VectorIndex, id: string): Promise<void> {
  await index.deleteDocument(curatedDocId(id));
}

/** Puts every active curated answer into a (new) generation: reindex calls this before its gate. */
export async function indexAllCurated(target: { index: VectorIndex; scheduler: EmbeddingScheduler }, store: CuratedStore): Promise<number> {
  const entries = store.list('active');
  for (const entry of entries) await indexCurated(target, entry);
  return entries.length;
}

/**
 * Freshness for curated knowledge: an answer whose source documents changed or went away stops
 * being served and goes back to the review queue as `source_changed`. A renamed source (same
 * content, new path) is followed instead.
 */
export async function reconcileCuratedSources(args: {
  store: CuratedStore;
  escalations: EscalationStore;
  registry: Registry;
  index: VectorIndex;
}): Promise<CuratedAnswer[]> {
  const stale: CuratedAnswer[] = [];
  for (const entry of args.store.list('active')) {
    let changed = false;
    const basedOn: CuratedSource[] = [];
    for (const source of entry.basedOn) {
      const doc = args.registry.get(source.docId);
      if (doc && doc.status !== 'deleted' && doc.contentHash === source.contentHash) {
        basedOn.push(source);
        continue;
      }
      const moved = source.contentHash ? args.registry.findIndexedByContentHash(source.contentHash, source.docId) : null;
      if (moved) {
        basedOn.push({ docId: moved.id, path: moved.path, contentHash: source.contentHash });
        continue;
      }
      changed = true;
    }
    if (!changed) {
      if (JSON.stringify(basedOn) !== JSON.stringify(entry.basedOn)) args.store.update(entry.id, { basedOn });
      continue;
    }
    args.store.update(entry.id, { status: 'stale' });
    args.escalations.create({
      conversationId: null,
      answerId: null,
      question: entry.question,
      draft: entry.answer,
      sources: [],
      score: null,
      reason: 'source_changed',
      category: 'question',
      // Its own spaces' owners look at it again, and only their readers see its draft.
      ...(entry.spaces?.length ? { space: entry.spaces[0], spaces: entry.spaces } : {}),
    });
    await unindexCurated(args.index, entry.id).catch(() => undefined);
    stale.push(entry);
  }
  return stale;
}

/**
 * The reviewed answer for a question, if one answers it: the curated entries closest in meaning,
 * each scored by the paraphrase matcher against the question it was reviewed for (a reworded
 * question is served, one that swaps what it asks about is not), the best at the threshold or above.
 */
export async function matchCurated(
  retriever: Retriever,
  store: CuratedStore,
  question: string,
  questionVector: Float32Array,
  matcher: ParaphraseModel,
  access?: AccessFilter,
): Promise<CuratedMatch | null> {
  const hits = await searchChunks(retriever, question, { k: CURATED_CANDIDATES, filter: { sourceTypes: ['curated'], access }, queryVector: questionVector });
  let best: CuratedMatch | null = null;
  for (const hit of hits) {
    const entry = store.get(curatedIdOf(hit.docId) ?? '');
    if (entry?.status !== 'active') continue;
    const score = paraphraseScore(entry.question, question, hit.dense ?? 0, matcher);
    if (score >= matcher.threshold && (!best || score > best.score)) best = { hit, entry, score };
  }
  return best;
}

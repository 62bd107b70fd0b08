import { ConflictError, InvalidRequestError, NotFoundError } from '../errors';
import type { Registry } from '../registry';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import type { VectorIndex } from '../vector-index/types';
import type { ConversationStore } from './conversations';
import { type CuratedAnswer, type CuratedSource, type CuratedStore, indexCurated, unindexCurated } from './curated';
import type { Escalation, EscalationStore, ReviewAction } from './escalations';
import type { Citation } from './events';

export interface ReviewDependencies {
  escalations: EscalationStore;
  curated: CuratedStore;
  conversations: ConversationStore;
  registry: Registry;
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
}

export interface ReviewInput {
  action: ReviewAction;
  actor: string;
  /** The answer text for `edit` and `write`. */
  content?: string;
  /** Why, for `reject`. */
  reason?: string;
}

function sourcesOf(escalation: Escalation, registry: Registry): CuratedSource[] {
  const documents = new Map<string, CuratedSource>();
  for (const citation of escalation.sources) {
    if (citation.sourceType !== 'document' || documents.has(citation.docId)) continue;
    const doc = registry.get(citation.docId);
    documents.set(citation.docId, { docId: citation.docId, path: citation.path, contentHash: doc?.contentHash ?? null });
  }
  return [...documents.values()];
}

/** The reviewer's reply reaches every conversation that asked the question (and still exists). */
function deliver(deps: ReviewDependencies, escalationId: string, reply: { content: string; status: 'reviewed' | 'rejected'; citations: Citation[] }): void {
  for (const asker of deps.escalations.askers(escalationId)) {
    if (!deps.conversations.exists(asker.conversationId)) continue;
    deps.conversations.add({ conversationId: asker.conversationId, role: 'reviewer', answerId: asker.answerId, escalationId, ...reply });
  }
}

/**
 * A reviewer's decision on an escalation: approve the draft, edit it, write a new answer, or
 * reject with a reason. Every action is recorded with who and when; the result reaches every
 * asker's conversation; approved, edited and written answers become curated knowledge.
 */
export async function reviewEscalation(
  deps: ReviewDependencies,
  id: string,
  input: ReviewInput,
): Promise<{ escalation: Escalation; curated: CuratedAnswer | null }> {
  const escalation = deps.escalations.get(id);
  if (!escalation) throw new NotFoundError('review_not_found', `There is no escalation ${id}.`);
  if (escalation.status !== 'open') throw new ConflictError('review_conflict', `This escalation was already ${escalation.status}.`);
  if (input.action === 'reject') {
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidRequestError('review_invalid', 'A rejection needs a reason.');
    deps.escalations.log(id, 'reject', input.actor, null, reason);
    deps.escalations.resolve(id, 'rejected', null);
    deliver(deps, id, { content: `A reviewer looked at your question and could not answer it: ${reason}`, status: 'rejected', citations: [] });
    return { escalation: deps.escalations.get(id)!, curated: null };
  }
  const answer = (input.action === 'approve' ? escalation.draft : input.content)?.trim();
  if (!answer) {
    throw new InvalidRequestError(
      'review_invalid',
      input.action === 'approve' ? 'There is no draft to approve; write an answer instead.' : 'The answer is empty.',
    );
  }
  // The draft's framing and citation markers belong to the old answer, not the reviewed one.
  const curatedText = answer.replace(/^Quoting the documents:\s*/, '');
  const curated = deps.curated.create({
    question: escalation.question,
    answer: curatedText,
    basedOn: sourcesOf(escalation, deps.registry),
    escalationId: id,
    createdBy: input.actor,
  });
  await indexCurated(deps, curated);
  deps.escalations.log(id, input.action, input.actor, curatedText, null);
  deps.escalations.resolve(id, 'answered', curated.id);
  const citation: Citation = {
    n: 1,
    chunkId: curated.id,
    docId: `curated:${curated.id}`,
    path: `curated/${curated.id}`,
    root: 'curated',
    title: escalation.question,
    page: null,
    heading: 'Reviewed answer',
    quote: curatedText,
    charStart: 0,
    charEnd: curatedText.length,
    sourceType: 'curated',
  };
  deliver(deps, id, { content: curatedText, status: 'reviewed', citations: [citation] });
  return { escalation: deps.escalations.get(id)!, curated };
}

export async function updateCurated(
  deps: ReviewDependencies,
  id: string,
  changes: { question?: string; answer?: string },
  actor: string,
): Promise<CuratedAnswer> {
  const current = deps.curated.get(id);
  if (!current || current.status === 'deleted') throw new NotFoundError('review_not_found', `There is no curated answer ${id}.`);
  // Saving is a reviewer vouching for the answer as the documents stand now: the sources it is
  // based on are re-recorded at their current content, so the freshness check starts again.
  const basedOn = current.basedOn.map((source) => ({ ...source, contentHash: deps.registry.get(source.docId)?.contentHash ?? source.contentHash }));
  const updated = deps.curated.update(id, { ...changes, status: 'active', basedOn })!;
  await indexCurated(deps, updated);
  if (current.escalationId) deps.escalations.log(current.escalationId, 'edit', actor, updated.answer, 'curated answer edited');
  return updated;
}

export async function deleteCurated(deps: ReviewDependencies, id: string, actor: string): Promise<void> {
  const current = deps.curated.get(id);
  if (!current || current.status === 'deleted') throw new NotFoundError('review_not_found', `There is no curated answer ${id}.`);
  deps.curated.update(id, { status: 'deleted' });
  await unindexCurated(deps.index, id);
  if (current.escalationId) deps.escalations.log(current.escalationId, 'edit', actor, null, 'curated answer deleted');
}

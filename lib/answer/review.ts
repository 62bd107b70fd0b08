import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors';
import type { Viewer } from '../spaces/principals';
import type { Spaces } from '../spaces/spaces';
import type { Registry } from '../registry';
import type { EmbeddingScheduler } from '../embedder/embedding-scheduler';
import type { VectorIndex } from '../vector-index/types';
import type { ConversationStore } from './conversations';
import { type CuratedAnswer, type CuratedSource, type CuratedStore, indexCurated, unindexCurated } from './curated';
import type { Escalation, EscalationStore, ReviewAction } from './escalations';
import type { Citation } from './events';
import { WITHHELD_REPLY } from './replies';
import { QUOTING_PREFIXES } from './localized';

export interface ReviewDependencies {
  escalations: EscalationStore;
  curated: CuratedStore;
  conversations: ConversationStore;
  registry: Registry;
  index: VectorIndex;
  scheduler: EmbeddingScheduler;
  spaces: Spaces;
  /** The asker behind a conversation as they are now; null when the conversation is gone. */
  viewerOf: (conversationId: string) => Viewer | null;
}

export interface ReviewInput {
  action: ReviewAction;
  actor: string;
  /** The reviewer: they act on their spaces' items only. */
  viewer: Viewer;
  /** More spaces the reviewed answer should belong to, narrowing who may see it (it always keeps its sources' spaces). */
  spaces?: string[];
  /** The answer text for `edit` and `write`. */
  content?: string;
  /** Why, for `reject`. */
  reason?: string;
}

/** The documents cited, each once, at their content now (a later change sends the reviewed answer back to review). */
export function sourcesOf(citations: Citation[], registry: Registry): CuratedSource[] {
  const documents = new Map<string, CuratedSource>();
  for (const citation of citations) {
    if (citation.sourceType !== 'document' || documents.has(citation.docId)) continue;
    const doc = registry.get(citation.docId);
    documents.set(citation.docId, { docId: citation.docId, path: citation.path, contentHash: doc?.contentHash ?? null });
  }
  return [...documents.values()];
}

/**
 * The reviewer's reply reaches every conversation that asked the question (and still exists); a
 * reviewed answer only those whose asker may read it, the others are told it could not be shared.
 */
function deliver(
  deps: ReviewDependencies,
  escalationId: string,
  reply: { content: string; status: 'reviewed' | 'rejected'; citations: Citation[] },
  curated: CuratedAnswer | null,
): void {
  for (const asker of deps.escalations.askers(escalationId)) {
    const viewer = deps.viewerOf(asker.conversationId);
    if (!viewer) continue;
    const allowed = !curated || deps.spaces.canReadCurated(viewer, curated);
    const message = allowed ? reply : { content: WITHHELD_REPLY, status: 'withheld', citations: [] };
    deps.conversations.add({ conversationId: asker.conversationId, role: 'reviewer', answerId: asker.answerId, escalationId, ...message });
  }
}

/** The escalation, if the viewer answers for its space (admins answer for every space); not found otherwise. */
export function escalationFor(deps: Pick<ReviewDependencies, 'escalations' | 'spaces'>, id: string, viewer: Viewer): Escalation {
  const escalation = deps.escalations.get(id);
  if (!escalation || !deps.spaces.access().owns(viewer, escalation.space)) throw new NotFoundError('review_not_found', `There is no escalation ${id}.`);
  return escalation;
}

/**
 * An escalation as this reviewer may see it: sources they may not read are left out, and the draft
 * is withheld when it quotes any of them (the asker could read them; this reviewer may not).
 */
export function escalationView(spaces: Spaces, escalation: Escalation, viewer: Viewer): Escalation & { draftWithheld: boolean } {
  const readable = spaces.readable(viewer, escalation.sources);
  const access = spaces.access();
  const withheld = !readable.all || !escalation.spaces.every((name) => access.canReadSpace(viewer, name));
  return { ...escalation, sources: readable.passages, draft: withheld ? null : escalation.draft, draftWithheld: withheld && escalation.draft !== null };
}

/** An escalation still open for the viewer to act on: not found outside their spaces, a conflict once handled. */
function openEscalationFor(deps: Pick<ReviewDependencies, 'escalations' | 'spaces'>, id: string, viewer: Viewer): Escalation {
  const escalation = escalationFor(deps, id, viewer);
  if (escalation.status !== 'open') throw new ConflictError('review_conflict', `This escalation was already ${escalation.status}.`);
  return escalation;
}

/** Hands an open escalation to another space's owners. */
export function handOff(deps: Pick<ReviewDependencies, 'escalations' | 'spaces'>, id: string, space: string, viewer: Viewer, actor: string): Escalation {
  openEscalationFor(deps, id, viewer);
  const target = deps.spaces.access().get(space);
  if (!target || target.removed) throw new InvalidRequestError('space_not_found', `There is no space "${space}".`);
  deps.escalations.route(id, target.name, actor);
  return deps.escalations.get(id)!;
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
  const escalation = openEscalationFor(deps, id, input.viewer);
  if (input.action === 'reject') {
    const reason = input.reason?.trim();
    if (!reason) throw new InvalidRequestError('review_invalid', 'A rejection needs a reason.');
    deps.escalations.log(id, 'reject', input.actor, null, reason);
    deps.escalations.resolve(id, 'rejected', null);
    deliver(deps, id, { content: `A reviewer looked at your question and could not answer it: ${reason}`, status: 'rejected', citations: [] }, null);
    return { escalation: deps.escalations.get(id)!, curated: null };
  }
  if (input.action === 'approve' && escalationView(deps.spaces, escalation, input.viewer).draftWithheld) {
    throw new ForbiddenError('draft_withheld', 'The draft quotes documents you may not read: write the answer instead, or hand the item to their space.');
  }
  const unknown = (input.spaces ?? []).filter((name) => !deps.spaces.access().get(name));
  if (unknown.length) throw new InvalidRequestError('space_not_found', `There is no space "${unknown[0]}".`);
  const answer = (input.action === 'approve' ? escalation.draft : input.content)?.trim();
  if (!answer) {
    throw new InvalidRequestError(
      'review_invalid',
      input.action === 'approve' ? 'There is no draft to approve; write an answer instead.' : 'The answer is empty.',
    );
  }
  // The draft's framing and citation markers belong to the old answer, not the reviewed one.
  const prefix = QUOTING_PREFIXES.find((quoting) => answer.startsWith(quoting));
  const curatedText = prefix ? answer.slice(prefix.length).trimStart() : answer;
  const curated = deps.curated.create({
    question: escalation.question,
    answer: curatedText,
    basedOn: sourcesOf(escalation.sources, deps.registry),
    escalationId: id,
    createdBy: input.actor,
    spaces: [...new Set([...escalation.spaces, ...(input.spaces ?? [])])],
  });
  await indexCurated(deps, curated);
  deps.escalations.log(id, input.action, input.actor, curatedText, null);
  deps.escalations.resolve(id, 'answered', curated.id);
  deliver(deps, id, { content: curatedText, status: 'reviewed', citations: [curatedCitation(curated)] }, curated);
  return { escalation: deps.escalations.get(id)!, curated };
}

/** How a reviewed answer is cited in the conversations it reaches. */
export function curatedCitation(curated: CuratedAnswer): Citation {
  return {
    n: 1,
    chunkId: curated.id,
    docId: `curated:${curated.id}`,
    path: `curated/${curated.id}`,
    root: 'curated',
    title: curated.question,
    page: null,
    heading: 'Reviewed answer',
    quote: curated.answer,
    charStart: 0,
    charEnd: curated.answer.length,
    sourceType: 'curated',
  };
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

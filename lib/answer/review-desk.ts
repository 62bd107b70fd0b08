import { NotFoundError } from '../errors';
import { type Viewer, readsEverything } from '../spaces/principals';
import type { EscalationStore } from './escalations';
import { type ReviewInput, deleteCurated, escalationFor, escalationView, handOff, reviewEscalation, updateCurated } from './review';
import { type SpotCheckDependencies, type Verdict, decideSpotCheck } from './spot-check-review';
import type { SpotCheckStatus } from './spot-checks';

export interface ReviewDeskDependencies extends SpotCheckDependencies {
  /** Follows a reindex done elsewhere before writing a reviewed answer into the index. */
  refresh: () => Promise<unknown>;
}

/**
 * What reviewers and owners do, each limited to their spaces: the queue and its items (with what
 * they may not read withheld), decisions, hand-offs, reviewed answers and spot checks.
 */
export class ReviewDesk {
  constructor(private readonly deps: () => ReviewDeskDependencies) {}

  /** A reviewer's decision; the result shows them only what they may read (the sources of the reviewed answer included). */
  async decide(escalationId: string, input: ReviewInput) {
    const deps = this.deps();
    await deps.refresh();
    const { escalation, curated } = await reviewEscalation(deps, escalationId, input);
    return {
      escalation: escalationView(deps.spaces, escalation, input.viewer),
      curated: curated && { ...curated, basedOn: curated.basedOn.filter((source) => deps.spaces.canReadSource(input.viewer, source.docId)) },
    };
  }

  /** The review queue as this reviewer sees it: their spaces' items (every item for admins), each with what they may read of it. */
  queue(viewer: Viewer, filter: Parameters<EscalationStore['list']>[0] = {}) {
    const { escalations, spaces } = this.deps();
    const owned = this.ownedSpaces(viewer);
    return {
      counts: escalations.counts(owned),
      escalations: escalations.list({ ...filter, spaces: owned }).map((escalation) => escalationView(spaces, escalation, viewer)),
    };
  }

  /** One escalation for its reviewer, with its trail and each asker's wording; not found outside their spaces. */
  item(viewer: Viewer, id: string) {
    const deps = this.deps();
    const escalation = escalationFor(deps, id, viewer);
    const asked = deps.escalations.askers(id).map((asker) => ({ question: asker.question, askedAt: asker.askedAt }));
    const view = escalationView(deps.spaces, escalation, viewer);
    // The trail holds the drafts and answers written: shown only to a reviewer who may read them.
    const curated = escalation.curatedId ? deps.curated.get(escalation.curatedId) : null;
    const readable = !view.draftWithheld && (!curated || deps.spaces.canReadCurated(viewer, curated));
    const actions = deps.escalations.actions(id).map((action) => (readable || action.content === null ? action : { ...action, content: null, withheld: true }));
    return { escalation: view, actions, asked };
  }

  /** The spot checks of the viewer's spaces (every space for admins), and each space's measured precision. */
  spotChecks(viewer: Viewer, status?: SpotCheckStatus) {
    const { spotChecks, spaces } = this.deps();
    const owned = this.ownedSpaces(viewer);
    // An answer quoting a space this owner may not read (its asker could read both) is shown without it.
    const checks = spotChecks.list({ status, spaces: owned }).map((check) => {
      const readable = spaces.readable(viewer, check.citations);
      return readable.all ? { ...check, withheld: false } : { ...check, answer: '', citations: readable.passages, withheld: true };
    });
    return { checks };
  }

  /** Each of the viewer's spaces' measured precision of answered questions (every space for admins). */
  precision(viewer: Viewer) {
    return this.deps().spotChecks.precision(90, this.ownedSpaces(viewer));
  }

  /** The spaces whose items the viewer answers; undefined for an admin, who answers every one. */
  private ownedSpaces(viewer: Viewer): string[] | undefined {
    return readsEverything(viewer) ? undefined : this.deps().spaces.access().ownedBy(viewer);
  }

  async decideSpotCheck(id: string, verdict: Verdict) {
    await this.deps().refresh();
    return decideSpotCheck(this.deps(), id, verdict);
  }

  handOff(viewer: Viewer, id: string, space: string, actor: string) {
    return escalationView(this.deps().spaces, handOff(this.deps(), id, space, viewer, actor), viewer);
  }

  /** The reviewed answers a reviewer may see: those of spaces they may read (all for admins). */
  curatedFor(viewer: Viewer) {
    const { curated, spaces } = this.deps();
    return curated.list('all').filter((entry) => spaces.canReadCurated(viewer, entry));
  }

  updateCurated(id: string, changes: { question?: string; answer?: string }, actor: string, viewer: Viewer) {
    this.checkCurated(viewer, id);
    return updateCurated(this.deps(), id, changes, actor);
  }

  deleteCurated(id: string, actor: string, viewer: Viewer) {
    this.checkCurated(viewer, id);
    return deleteCurated(this.deps(), id, actor);
  }

  private checkCurated(viewer: Viewer, id: string): void {
    const { curated, spaces } = this.deps();
    const entry = curated.get(id);
    if (entry && !spaces.canReadCurated(viewer, entry)) throw new NotFoundError('review_not_found', `There is no curated answer ${id}.`);
  }
}

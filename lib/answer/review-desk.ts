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
    await this.deps().refresh();
    const { escalation, curated } = await reviewEscalation(this.deps(), escalationId, input);
    const { registry, spaces } = this.deps();
    const readable = (docId: string) => {
      const doc = registry.get(docId);
      return !doc || spaces.canReadDocument(input.viewer, doc);
    };
    return {
      escalation: escalationView(this.deps().spaces, escalation, input.viewer),
      curated: curated && { ...curated, basedOn: curated.basedOn.filter((source) => readable(source.docId)) },
    };
  }

  /** The review queue as this reviewer sees it: their spaces' items (every item for admins), each with what they may read of it. */
  queue(viewer: Viewer, filter: Parameters<EscalationStore['list']>[0] = {}) {
    const spaces = readsEverything(viewer) ? undefined : this.deps().spaces.access().ownedBy(viewer);
    return {
      counts: this.deps().escalations.counts(spaces),
      escalations: this.deps()
        .escalations.list({ ...filter, spaces })
        .map((escalation) => escalationView(this.deps().spaces, escalation, viewer)),
    };
  }

  /** One escalation for its reviewer, with its trail and each asker's wording; not found outside their spaces. */
  item(viewer: Viewer, id: string) {
    const escalation = escalationFor(this.deps(), id, viewer);
    const asked = this.deps()
      .escalations.askers(id)
      .map((asker) => ({ question: asker.question, askedAt: asker.askedAt }));
    const view = escalationView(this.deps().spaces, escalation, viewer);
    // The trail holds the drafts and answers written: shown only to a reviewer who may read them.
    const curated = escalation.curatedId ? this.deps().curated.get(escalation.curatedId) : null;
    const readable = !view.draftWithheld && (!curated || this.deps().spaces.canReadCurated(viewer, curated));
    const actions = this.deps()
      .escalations.actions(id)
      .map((action) => (readable || action.content === null ? action : { ...action, content: null, withheld: true }));
    return { escalation: view, actions, asked };
  }

  /** The spot checks of the viewer's spaces (every space for admins), and each space's measured precision. */
  spotChecks(viewer: Viewer, status?: SpotCheckStatus) {
    const spaces = readsEverything(viewer) ? undefined : this.deps().spaces.access().ownedBy(viewer);
    const { spotChecks, spaces: access } = this.deps();
    // An answer quoting a space this owner may not read (its asker could read both) is shown without it.
    const checks = spotChecks
      .list({ status, spaces })
      .map((check) =>
        access.canReadAll(viewer, check.citations)
          ? { ...check, withheld: false }
          : { ...check, answer: '', citations: check.citations.filter((citation) => access.canReadPassage(viewer, citation)), withheld: true },
      );
    return { checks, precision: spotChecks.precision(90, spaces) };
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
    return this.deps()
      .curated.list('all')
      .filter((entry) => this.deps().spaces.canReadCurated(viewer, entry));
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
    const entry = this.deps().curated.get(id);
    if (entry && !this.deps().spaces.canReadCurated(viewer, entry)) throw new NotFoundError('review_not_found', `There is no curated answer ${id}.`);
  }
}

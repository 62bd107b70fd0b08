import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors';
import type { AlertNotifier } from '../alerts';
import type { Viewer } from '../spaces/principals';
import { indexCurated } from './curated';
import { type ReviewDependencies, curatedCitation, sourcesOf } from './review';
import type { SpotCheck, SpotCheckStore } from './spot-checks';

/** Verdicts before a space's precision is trusted enough to alert on. */
export const MIN_VERDICTS_FOR_ALERT = 10;

export interface SpotCheckDependencies extends ReviewDependencies {
  spotChecks: SpotCheckStore;
  alerts: AlertNotifier;
  minPrecision: number;
}

export interface Verdict {
  verdict: 'right' | 'wrong';
  actor: string;
  viewer: Viewer;
  note?: string;
  /** For a wrong answer: the right one, which becomes a reviewed answer and reaches the asker. */
  correction?: string;
}

/** A spot check, if the viewer answers for its space; not found otherwise. */
export function spotCheckFor(deps: Pick<SpotCheckDependencies, 'spotChecks' | 'spaces'>, id: string, viewer: Viewer): SpotCheck {
  const check = deps.spotChecks.get(id);
  if (!check || !deps.spaces.access().owns(viewer, check.space)) throw new NotFoundError('spot_check_not_found', `There is no spot check ${id}.`);
  return check;
}

/**
 * An owner's verdict on a sampled answer. A correction becomes a reviewed answer (served next time,
 * and delivered to the asker); a space whose measured precision falls below the set level alerts.
 */
export async function decideSpotCheck(deps: SpotCheckDependencies, id: string, input: Verdict): Promise<SpotCheck> {
  const check = spotCheckFor(deps, id, input.viewer);
  if (!deps.spaces.canReadAll(input.viewer, check.citations)) {
    throw new ForbiddenError('spot_check_withheld', 'This answer quotes documents you may not read: an admin, or an owner who may read them, judges it.');
  }
  if (check.status !== 'open') throw new ConflictError('spot_check_conflict', `This answer was already marked ${check.status}.`);
  const correction = input.correction?.trim();
  if (correction && input.verdict === 'right') throw new InvalidRequestError('spot_check_invalid', 'Only a wrong answer takes a correction.');
  let curatedId: string | null = null;
  if (correction) {
    const curated = deps.curated.create({
      question: check.question,
      answer: correction,
      basedOn: sourcesOf(check.citations, deps.registry),
      escalationId: null,
      createdBy: input.actor,
      spaces: deps.spaces.routeFor(check.citations).spaces,
    });
    await indexCurated(deps, curated);
    curatedId = curated.id;
    const viewer = deps.viewerOf(check.conversationId);
    if (viewer && deps.spaces.canReadCurated(viewer, curated)) {
      deps.conversations.add({
        conversationId: check.conversationId,
        role: 'reviewer',
        answerId: check.answerId,
        escalationId: null,
        content: correction,
        status: 'reviewed',
        citations: [curatedCitation(curated)],
      });
    }
  }
  if (!deps.spotChecks.decide(id, input.verdict, input.actor, input.note?.trim() || null, curatedId)) {
    throw new ConflictError('spot_check_conflict', 'This answer was marked meanwhile.');
  }
  const [measured] = deps.spotChecks.precision(90, [check.space]);
  const precision = measured?.precision ?? null;
  if (input.verdict === 'wrong' && measured && precision !== null && measured.checked >= MIN_VERDICTS_FOR_ALERT && precision < deps.minPrecision) {
    deps.alerts.notify(
      `Answers in the space "${check.space}" were right ${Math.round(precision * 100)}% of the time in spot checks (${measured.right} of ${measured.checked}; 95% interval ${Math.round(measured.ci_low! * 100)}–${Math.round(measured.ci_high! * 100)}%), below the ${Math.round(deps.minPrecision * 100)}% set: check the confidence threshold.`,
      { space: check.space, precision, checked: measured.checked },
    );
  }
  return deps.spotChecks.get(id)!;
}

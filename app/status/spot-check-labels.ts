import type { SpacePrecision } from '@/lib/answer/spot-checks';
import { hundredths, percent } from '../_client/format';

/** What GET /api/status says about spot checks: the level set, and each space's measured precision. */
export interface SpotCheckSummary {
  min_precision: number;
  spaces: SpacePrecision[];
}

/** The level set, as precise as it was set: 0.9 → "90%", 0.925 → "92.5%". */
export function levelText(minPrecision: number): string {
  return `${Number(hundredths(minPrecision).toFixed(1))}%`;
}

/** Whether the space's measured precision is below the level set (a space without verdicts is not). */
export function isBelowLevel(space: SpacePrecision, minPrecision: number): boolean {
  return space.precision !== null && space.precision < minPrecision;
}

/**
 * The precision with its 95% interval, "92% (84–96%)"; "—" without verdicts. A precision just below
 * the level gets a decimal, so that "90%" never reads as meeting a 90% level it misses.
 */
export function precisionText(space: SpacePrecision, minPrecision: number): string {
  if (space.precision === null) return '—';
  const hidden = isBelowLevel(space, minPrecision) && Math.round(hundredths(space.precision)) >= hundredths(minPrecision);
  const value = percent(space.precision, hidden ? 1 : 0);
  if (space.ci_low === null || space.ci_high === null) return value;
  return `${value} (${percent(space.ci_low).slice(0, -1)}–${percent(space.ci_high)})`;
}

/** Verdicts and answers still waiting for one, over every space shown. */
export function spotCheckTotals(spaces: SpacePrecision[]): { checked: number; open: number } {
  return spaces.reduce((sum, space) => ({ checked: sum.checked + space.checked, open: sum.open + space.open }), { checked: 0, open: 0 });
}

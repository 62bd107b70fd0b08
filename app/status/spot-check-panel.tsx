import Link from 'next/link';
import { ScrollTable } from '../_client/scroll-table';
import { type SpotCheckSummary, isBelowLevel, levelText, precisionText, spotCheckTotals } from './spot-check-labels';

/** Each space's measured precision from its owners' verdicts on sampled answers, against the level set. */
export function SpotCheckPanel({ summary }: { summary: SpotCheckSummary }) {
  const level = levelText(summary.min_precision);
  const totals = spotCheckTotals(summary.spaces);
  return (
    <section aria-labelledby="spot-checks-heading" data-testid="spot-checks">
      <h2 id="spot-checks-heading">Spot checks: measured precision</h2>
      <p className="small">
        Precision is the share of sampled answered questions that the space’s owners marked right (last 90 days, with its 95% interval). It tells whether the
        confidence threshold is right: below the {level} set, Docent answers too readily in that space, and a higher threshold would pass more of its questions
        to a person.
      </p>
      {totals.checked === 0 ? (
        <p className="muted" data-testid="spot-checks-empty">
          No verdicts yet.{' '}
          {totals.open ? (
            <>
              {totals.open} sampled answer{totals.open === 1 ? ' waits' : 's wait'} for a verdict on the <Link href="/review">Review</Link> page.
            </>
          ) : (
            'Sampled answered questions appear on the Review page for their space’s owners to mark right or wrong.'
          )}
        </p>
      ) : (
        <ScrollTable
          testId="spot-checks-table"
          caption={`Measured precision per space against the ${level} set`}
          columns={['Space', 'Verdicts', 'Right', 'Open', 'Precision (95% interval)', `Against ${level}`]}
        >
          {summary.spaces.map((space) => {
            const below = isBelowLevel(space, summary.min_precision);
            return (
              <tr key={space.space} data-testid="spot-check-space" data-space={space.space} data-below={below ? 'true' : 'false'}>
                <th scope="row">{space.space}</th>
                <td>{space.checked}</td>
                <td>{space.right}</td>
                <td>{space.open}</td>
                <td data-testid="spot-check-precision">{precisionText(space, summary.min_precision)}</td>
                <td>
                  {space.precision === null ? (
                    <span className="muted">no verdicts yet</span>
                  ) : below ? (
                    <span className="badge bad" data-testid="spot-check-below">
                      Below the {level} set
                    </span>
                  ) : (
                    <span className="badge ok">At or above</span>
                  )}
                </td>
              </tr>
            );
          })}
        </ScrollTable>
      )}
    </section>
  );
}

import type { ReactNode } from 'react';

/** A chart with its title, what it shows, and its data table; "No data yet." instead of an empty chart. */
export function ChartFigure({
  testId,
  title,
  description,
  empty,
  children,
  table,
}: {
  testId: string;
  title: string;
  description: string;
  empty: boolean;
  children: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure className="panel chart-figure" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
        <p className="small muted">{description}</p>
      </figcaption>
      {empty ? <p className="muted chart-empty">No data yet.</p> : children}
      {empty ? null : table}
    </figure>
  );
}

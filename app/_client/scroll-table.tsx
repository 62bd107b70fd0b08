import type { ReactNode } from 'react';

/**
 * A table under its column headings, in a box that scrolls sideways when the table is too wide
 * for the screen rather than widening the whole page. `wide` keeps its columns from being
 * squeezed below a readable width; the caption names it for screen readers only.
 */
export function ScrollTable({
  columns,
  caption,
  wide = false,
  testId,
  children,
}: {
  columns: ReactNode[];
  caption?: ReactNode;
  wide?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={wide ? 'wide' : undefined} data-testid={testId}>
        {caption === undefined ? null : <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, index) => (
              // The headings of a table never move, so their place is their identity.
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

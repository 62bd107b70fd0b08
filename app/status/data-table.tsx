import { ScrollTable } from '../_client/scroll-table';

export interface Column {
  key: string;
  label: string;
  format?: (value: unknown) => string;
}

const cell = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : value == null ? '—' : JSON.stringify(value);

/** A chart's numbers as a table, folded away: for screen readers and for reading exact values. */
export function DataTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Record<string, unknown>[] }) {
  return (
    <details className="small">
      <summary>Show the data</summary>
      <ScrollTable caption={caption} columns={columns.map((column) => column.label)}>
        {rows.map((row, index) => (
          <tr key={index}>
            {columns.map((column) => (
              <td key={column.key}>{column.format ? column.format(row[column.key]) : cell(row[column.key])}</td>
            ))}
          </tr>
        ))}
      </ScrollTable>
    </details>
  );
}

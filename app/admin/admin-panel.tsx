import type { ReactNode } from 'react';
import { ErrorText } from '../_client/error-text';
import { ScrollTable } from '../_client/scroll-table';
import { useApiData } from '../_client/use-api-data';

/**
 * A list the admin page shows and changes. `changed` says what was done and loads the list again,
 * so the table shows what the server now holds (its order and what it filled in) rather than a guess.
 */
export function useAdminList<T>(url: string, announce: (message: string) => void) {
  const { data, error, load } = useApiData<T>(url);
  const changed = (message: string) => {
    announce(message);
    void load();
  };
  return { data, error, changed };
}

// The buttons' column needs a heading only for screen readers: sighted people see the buttons.
const ACTIONS = <span className="visually-hidden">Actions</span>;

/**
 * A panel of the admin page: its heading, why its list could not be loaded, and the list as a
 * table once it has been ("Loading…" until then), whose last column holds each row's buttons;
 * `children` (the form to add one, …) follow the table. `name` names the heading, panel and table.
 */
export function AdminPanel({
  name,
  title,
  intro,
  error,
  columns,
  rows,
  children,
}: {
  name: string;
  title: string;
  intro?: string;
  error: Error | null;
  columns: string[];
  /** null until the list has loaded. */
  rows: ReactNode[] | null;
  children: ReactNode;
}) {
  return (
    <section className="panel admin-panel" aria-labelledby={`${name}-heading`} data-testid={`${name}-panel`}>
      <h2 id={`${name}-heading`}>{title}</h2>
      {intro ? <p className="small muted">{intro}</p> : null}
      <ErrorText error={error} next="/admin" />
      {rows ? (
        <ScrollTable testId={`${name}-table`} columns={[...columns, ACTIONS]}>
          {rows}
        </ScrollTable>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {children}
    </section>
  );
}

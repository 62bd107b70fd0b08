'use client';

import Link from 'next/link';
import { useCallback } from 'react';
import { ErrorText } from '../_client/error-text';
import { SignOut } from '../_client/sign-out';
import { useAnnouncement } from '../_client/use-announcement';
import { ActivityCharts } from './activity-charts';
import { Banners } from './banners';
import { DocumentsTable } from './documents-table';
import { Freshness } from './freshness';
import { Generations } from './generations';
import { ReindexPanel } from './reindex-panel';
import { SpotCheckPanel } from './spot-check-panel';
import { Totals } from './totals';
import { useDashboard } from './use-dashboard';

// The status dashboard: totals, the serving generation, freshness, the precision measured by spot
// checks, charts and the documents by status, refreshed every 10 s; for admins, retry and reindex
// (accounts are on /admin). Paths, titles and details come from documents and are rendered as
// React text, never as HTML.

export function StatusDashboard({ isAdmin }: { isAdmin: boolean }) {
  const { data, error, updatedAt, refresh } = useDashboard();
  const { announcement, announce } = useAnnouncement();
  const onRetried = useCallback(
    (message: string) => {
      announce(message);
      void refresh();
    },
    [announce, refresh],
  );
  const onReindexFinished = useCallback(() => void refresh(), [refresh]);

  return (
    <div className="status">
      <div className="page-head">
        <h1>Status</h1>
        <div className="row small">
          <span className="muted" data-testid="status-updated">
            {updatedAt ? `Updated ${updatedAt.toLocaleTimeString()} · refreshes every 10 s` : 'Loading…'}
          </span>
          <button type="button" className="button" onClick={() => void refresh()}>
            Refresh
          </button>
          {isAdmin ? (
            <Link href="/admin" className="button" data-testid="accounts-link">
              Accounts
            </Link>
          ) : null}
          <SignOut />
        </div>
      </div>
      <p className="announcement" role="status" aria-live="polite" data-testid="status-announcement">
        {announcement}
      </p>
      <ErrorText error={error} next="/status" />
      {data ? (
        <>
          <Banners report={data.report} />
          <Totals totals={data.report.totals} />
          <Generations data={data} />
          <Freshness data={data} />
          <SpotCheckPanel summary={data.spot_checks} />
          <ActivityCharts series={data.series} />
          <DocumentsTable documents={data.report.documents} isAdmin={isAdmin} onRetried={onRetried} />
          {isAdmin ? (
            <div className="admin">
              <ReindexPanel onFinished={onReindexFinished} />
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

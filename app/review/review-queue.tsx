'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CuratedAnswer } from '@/lib/answer/curated';
import type { Escalation } from '@/lib/answer/escalations';
import { ErrorText } from '../_client/error-text';
import { SignOut } from '../_client/sign-out';
import { useAnnouncement } from '../_client/use-announcement';
import { useApiData } from '../_client/use-api-data';
import { CuratedSection } from './curated-section';
import { EscalationCard } from './escalation-card';
import { HandledCard } from './handled-card';
import type { SpotCheckItem } from './spot-check-card';
import { SpotCheckSection } from './spot-check-section';
import { Tabs } from './tabs';
import { type Order, type Tab, useEscalations } from './use-escalations';

// The review queue: escalated questions with the draft and its sources, the four review actions
// and a hand-off to another space, the handled escalations with their trail, sampled answers to mark
// right or wrong, and the curated answers. Everything from documents, questions and answers is
// rendered as React text, never as HTML.

const POLL_MS = 20_000;

// The checks only: their spaces' precision is the status page's (GET /api/status).
type SpotChecks = { checks: SpotCheckItem[] };

export function ReviewQueue({ email, role }: { email: string; role: string }) {
  const [tab, setTab] = useState<Tab>('open');
  const [order, setOrder] = useState<Order>('newest');
  const { items, remove, counts, setCounts, error, load } = useEscalations(tab, order);
  const { data: curatedBody, setData: setCuratedBody, error: curatedError, load: loadCurated } = useApiData<{ curated: CuratedAnswer[] }>('/api/curated');
  const curated = curatedBody?.curated ?? null;
  const { data: spotBody, setData: setSpotBody, error: spotError, load: loadSpotChecks } = useApiData<SpotChecks>('/api/spot-checks?status=open');
  // Only to offer the other spaces for a hand-off: without them the queue still works, so a failure is not shown.
  const { data: spacesBody } = useApiData<{ spaces: { name: string; removed?: boolean }[] }>('/api/spaces');
  const spaces = useMemo(() => spacesBody?.spaces.filter((space) => !space.removed).map((space) => space.name) ?? [], [spacesBody]);
  const { announcement, announce } = useAnnouncement();
  const editing = useRef(new Set<string>());
  const queueHeading = useRef<HTMLHeadingElement>(null);

  // New escalations arrive while the page is open; refresh unless someone is mid-review.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && editing.current.size === 0) {
        void load();
        void loadCurated();
        void loadSpotChecks();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [load, loadCurated, loadSpotChecks]);

  const onEditing = useCallback((id: string, value: boolean) => {
    if (value) editing.current.add(id);
    else editing.current.delete(id);
  }, []);

  const onDone = (escalation: Escalation, message: string) => {
    remove(escalation.id);
    setCounts((current) => (current ? { ...current, open: Math.max(0, current.open - 1) } : current));
    announce(message);
    queueHeading.current?.focus();
    void load();
    void loadCurated();
  };

  const onChecked = (check: SpotCheckItem, message: string) => {
    setSpotBody((current) => (current ? { ...current, checks: current.checks.filter((item) => item.id !== check.id) } : current));
    announce(message);
    // A correction became a curated answer.
    void loadCurated();
  };

  return (
    <div className="review">
      <div className="page-head">
        <h1>Review</h1>
        <div className="row small">
          <span className="muted">
            Signed in as {email} ({role})
          </span>
          <SignOut />
        </div>
      </div>
      <p className="announcement" role="status" aria-live="polite" data-testid="review-announcement">
        {announcement}
      </p>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" ref={queueHeading} tabIndex={-1}>
          Escalated questions
        </h2>
        <div className="row toolbar">
          <Tabs tab={tab} counts={counts} onSelect={setTab} />
          <button
            type="button"
            className="button"
            onClick={() => setOrder((current) => (current === 'newest' ? 'oldest' : 'newest'))}
            data-testid="order-toggle"
            data-order={order}
            aria-label={`Order: ${order} first. Switch to ${order === 'newest' ? 'oldest' : 'newest'} first.`}
          >
            {order === 'newest' ? 'Newest first ↓' : 'Oldest first ↑'}
          </button>
          <button type="button" className="button" onClick={() => void load()}>
            Refresh
          </button>
        </div>
        <div
          id="escalations-panel"
          role="tabpanel"
          aria-labelledby={`tab-${tab}`}
          className="queue"
          data-testid={tab === 'open' ? 'open-queue' : 'handled-list'}
        >
          <ErrorText error={error} next="/review" />
          {!items && !error ? <p className="muted">Loading…</p> : null}
          {items && items.length === 0 ? (
            <p className="muted">{tab === 'open' ? 'Nothing to review. New escalations appear here.' : 'No handled escalations yet.'}</p>
          ) : null}
          {tab === 'open'
            ? items?.map((escalation) => <EscalationCard key={escalation.id} escalation={escalation} spaces={spaces} onDone={onDone} onEditing={onEditing} />)
            : items?.map((escalation) => <HandledCard key={escalation.id} escalation={escalation} />)}
        </div>
      </section>
      <SpotCheckSection checks={spotBody?.checks ?? null} error={spotError} onDone={onChecked} onEditing={onEditing} />
      <CuratedSection
        items={curated}
        error={curatedError}
        onChange={(update) => setCuratedBody((current) => (current ? { curated: update(current.curated) } : current))}
        announce={announce}
      />
    </div>
  );
}

'use client';

import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { CuratedAnswer } from '@/lib/answer/curated';
import type { Escalation, EscalationActionRecord } from '@/lib/answer/escalations';
import type { Citation, EscalationReason } from '@/lib/answer/events';
import { RequestError, messageOf, request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { CitationList } from '../_client/citation-list';

// The review queue: escalated questions with the draft and its sources, the four review actions,
// the handled escalations with their trail, and the curated answers. Everything from documents,
// questions and answers is rendered as React text, never as HTML.

type Order = 'newest' | 'oldest';
type Tab = 'open' | 'handled';
type Counts = { open: number; answered: number; rejected: number };
type ReviewBody = { action: 'approve' } | { action: 'edit'; content: string } | { action: 'write'; content: string } | { action: 'reject'; reason: string };

const POLL_MS = 20_000;

const REASONS: Record<EscalationReason, { text: string; tone: 'warn' | 'bad' }> = {
  sensitive: { text: 'Sensitive topic', tone: 'bad' },
  out_of_scope: { text: 'Out of scope', tone: 'warn' },
  low_confidence: { text: 'Low confidence', tone: 'warn' },
  no_sources: { text: 'No sources found', tone: 'warn' },
  not_in_documents: { text: 'Not in the documents', tone: 'warn' },
  model_unavailable: { text: 'Model unavailable', tone: 'bad' },
  index_unavailable: { text: 'Index unavailable', tone: 'bad' },
  source_changed: { text: 'Source changed', tone: 'warn' },
  user_feedback: { text: 'User feedback', tone: 'warn' },
};

const ACTIONS: Record<EscalationActionRecord['action'], string> = {
  open: 'Escalated',
  reopen: 'Reopened',
  approve: 'Approved the draft',
  edit: 'Edited and approved',
  write: 'Wrote an answer',
  reject: 'Rejected',
  asked: 'Asked again (another conversation)',
};

/** How many conversations wait for this answer: a question asked again is one item with more askers. */
function AskedTimes({ askers }: { askers: number }) {
  if (!askers) return null;
  return (
    <span className={askers > 1 ? 'badge warn' : undefined} data-testid="escalation-askers" data-askers={askers}>
      {askers === 1 ? 'asked once' : `asked ${askers} times`}
    </span>
  );
}

function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function ago(seconds: number): string {
  const elapsed = Math.max(0, Date.now() / 1000 - seconds);
  if (elapsed < 60) return 'just now';
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)} min ago`;
  if (elapsed < 86_400) return `${Math.floor(elapsed / 3600)} h ago`;
  return `${Math.floor(elapsed / 86_400)} d ago`;
}

function Time({ seconds, relative = false }: { seconds: number; relative?: boolean }) {
  const iso = new Date(seconds * 1000).toISOString();
  return (
    <time dateTime={iso} title={formatTime(seconds)}>
      {relative ? `${ago(seconds)} (${formatTime(seconds)})` : formatTime(seconds)}
    </time>
  );
}

function Sources({ sources }: { sources: Citation[] }) {
  if (sources.length === 0) return <p className="small muted">No sources were found for this question.</p>;
  return (
    <details className="sources">
      <summary>
        {sources.length} source{sources.length === 1 ? '' : 's'}
      </summary>
      <CitationList citations={sources} label="Sources" showLabel={false} />
    </details>
  );
}

export function SignOut() {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await fetch('/api/auth/logout', { method: 'POST' }).catch(() => null);
    window.location.assign('/login');
  };
  return (
    <button type="button" className="button" onClick={() => void signOut()} disabled={busy} data-testid="sign-out">
      Sign out
    </button>
  );
}

// ——— Open escalations ———

type Mode = null | 'edit' | 'write' | 'reject';

function ReviewEditor({
  mode,
  escalationId,
  initial,
  busy,
  onSubmit,
  onCancel,
}: {
  mode: Exclude<Mode, null>;
  escalationId: string;
  initial: string;
  busy: boolean;
  onSubmit: (body: ReviewBody) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const id = `${mode}-${escalationId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value) {
      setInvalid(true);
      field.current?.focus();
      return;
    }
    onSubmit(mode === 'reject' ? { action: 'reject', reason: value } : { action: mode, content: value });
  };
  const label = mode === 'reject' ? 'Why it cannot be answered (everyone who asked sees this)' : mode === 'edit' ? 'The answer, edited' : 'Your answer';
  const submitText = mode === 'reject' ? 'Reject' : mode === 'edit' ? 'Approve the edited answer' : 'Send the answer';
  return (
    <form className="editor" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={field}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setInvalid(false);
        }}
        rows={mode === 'reject' ? 3 : 10}
        maxLength={mode === 'reject' ? 2000 : 20_000}
        required
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        data-testid={mode === 'reject' ? 'reject-reason' : 'answer-editor'}
      />
      {invalid ? (
        <p id={`${id}-error`} className="error small">
          {mode === 'reject' ? 'A rejection needs a reason.' : 'The answer is empty.'}
        </p>
      ) : null}
      {mode !== 'reject' ? <p className="small muted">The answer is sent to everyone who asked and kept as a curated answer for the same question.</p> : null}
      <div className="row">
        <button type="submit" className={`button ${mode === 'reject' ? 'danger' : 'primary'}`} disabled={busy} data-testid="submit-review">
          {busy ? 'Saving…' : submitText}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EscalationCard({
  escalation,
  onDone,
  onEditing,
}: {
  escalation: Escalation;
  onDone: (escalation: Escalation, message: string) => void;
  onEditing: (id: string, editing: boolean) => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const { busy, error, setError, run } = useAction();
  const reason = REASONS[escalation.reason] ?? { text: escalation.reason, tone: 'warn' as const };
  const headingId = `escalation-${escalation.id}`;
  // An open editor pauses the queue's refresh; a card that goes away releases it.
  useEffect(() => () => onEditing(escalation.id, false), [escalation.id, onEditing]);

  const choose = (next: Mode) => {
    setMode(next);
    setError(null);
    onEditing(escalation.id, next !== null);
  };

  const submit = (body: ReviewBody) =>
    run(async () => {
      try {
        await request(`/api/escalations/${encodeURIComponent(escalation.id)}`, { method: 'POST', body });
      } catch (caught) {
        if (!(caught instanceof RequestError && caught.status === 409)) throw caught;
        onEditing(escalation.id, false);
        onDone(escalation, `Someone else already handled “${escalation.question}”. ${caught.message}`);
        return;
      }
      onEditing(escalation.id, false);
      const done = { approve: 'Approved', edit: 'Edited and approved', write: 'Answered', reject: 'Rejected' }[body.action];
      onDone(escalation, `${done}: “${escalation.question}”.`);
    });

  return (
    <article className="panel escalation" aria-labelledby={headingId} data-testid="escalation-item" data-question={escalation.question} data-id={escalation.id}>
      <h3 id={headingId} className="question">
        {escalation.question}
      </h3>
      <p className="row small muted meta-line">
        <span className={`badge ${reason.tone}`} data-testid="escalation-reason">
          {reason.text}
        </span>
        <span>
          Confidence <span data-testid="escalation-score">{escalation.score === null ? '—' : escalation.score.toFixed(2)}</span>
        </span>
        <span>
          Asked <Time seconds={escalation.createdAt} relative />
        </span>
        <AskedTimes askers={escalation.askers} />
      </p>
      <h4>Draft answer</h4>
      {escalation.draft ? (
        <div className="pre draft" data-testid="escalation-draft">
          {escalation.draft}
        </div>
      ) : (
        <p className="muted small">No draft: write an answer or reject the question.</p>
      )}
      <Sources sources={escalation.sources} />
      {mode === null ? (
        <div className="row actions" role="group" aria-label="Review actions">
          <button
            type="button"
            className="button primary"
            disabled={!escalation.draft || busy}
            onClick={() => void submit({ action: 'approve' })}
            data-testid="action-approve"
          >
            {busy ? 'Approving…' : 'Approve'}
          </button>
          <button type="button" className="button" disabled={!escalation.draft || busy} onClick={() => choose('edit')} data-testid="action-edit">
            Edit and approve
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => choose('write')} data-testid="action-write">
            Write an answer
          </button>
          <button type="button" className="button danger" disabled={busy} onClick={() => choose('reject')} data-testid="action-reject">
            Reject
          </button>
        </div>
      ) : (
        <ReviewEditor
          key={mode}
          mode={mode}
          escalationId={escalation.id}
          initial={mode === 'edit' ? (escalation.draft ?? '') : ''}
          busy={busy}
          onSubmit={(body) => void submit(body)}
          onCancel={() => choose(null)}
        />
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}

// ——— Handled escalations ———

function Trail({ id }: { id: string }) {
  const [actions, setActions] = useState<EscalationActionRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    request<{ actions: EscalationActionRecord[] }>(`/api/escalations/${encodeURIComponent(id)}`)
      .then((body) => setActions(body.actions))
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [id]);
  if (error) return <p className="error small">{error}</p>;
  if (!actions) return <p className="muted small">Loading the review trail…</p>;
  if (actions.length === 0) return <p className="muted small">No recorded actions.</p>;
  return (
    <ol className="trail" data-testid="review-trail">
      {actions.map((action) => (
        <li key={action.id}>
          <div className="small">
            <strong>{ACTIONS[action.action] ?? action.action}</strong> by {action.actor} · <Time seconds={action.createdAt} />
          </div>
          {action.note ? <div className="small pre">Note: {action.note}</div> : null}
          {action.content ? <div className="pre trail-content">{action.content}</div> : null}
        </li>
      ))}
    </ol>
  );
}

function HandledCard({ escalation }: { escalation: Escalation }) {
  const [expanded, setExpanded] = useState(false);
  const reason = REASONS[escalation.reason] ?? { text: escalation.reason, tone: 'warn' as const };
  const panelId = `trail-${escalation.id}`;
  return (
    <article className="panel escalation" data-testid="handled-item" data-question={escalation.question} data-status={escalation.status}>
      <h3 className="question">{escalation.question}</h3>
      <p className="row small muted meta-line">
        <span className={`badge ${escalation.status === 'answered' ? 'ok' : 'bad'}`} data-testid="handled-outcome">
          {escalation.status === 'answered' ? 'Answered' : escalation.status === 'rejected' ? 'Rejected' : 'Open'}
        </span>
        <span className={`badge ${reason.tone}`}>{reason.text}</span>
        <span>
          Asked <Time seconds={escalation.createdAt} />
        </span>
        <AskedTimes askers={escalation.askers} />
        <span>
          Handled <Time seconds={escalation.updatedAt} />
        </span>
      </p>
      <button type="button" className="button" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded((value) => !value)}>
        {expanded ? 'Hide the review trail' : 'Show the review trail'}
      </button>
      <div id={panelId} hidden={!expanded}>
        {expanded ? <Trail id={escalation.id} /> : null}
      </div>
    </article>
  );
}

// ——— Curated answers ———

function CuratedEditor({ item, onSaved, onCancel }: { item: CuratedAnswer; onSaved: (item: CuratedAnswer) => void; onCancel: () => void }) {
  const [question, setQuestion] = useState(item.question);
  const [answer, setAnswer] = useState(item.answer);
  const { busy, error, setError, run } = useAction();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!question.trim() || !answer.trim()) {
      setError('The question and the answer cannot be empty.');
      return;
    }
    const changes: { question?: string; answer?: string } = {};
    if (question.trim() !== item.question) changes.question = question.trim();
    if (answer.trim() !== item.answer) changes.answer = answer.trim();
    if (!changes.question && !changes.answer) {
      // Saving a stale answer unchanged confirms it is still right (the server marks it active again).
      if (item.status !== 'stale') {
        onCancel();
        return;
      }
      changes.answer = item.answer;
    }
    await run(async () => {
      const body = await request<{ curated: CuratedAnswer }>(`/api/curated/${encodeURIComponent(item.id)}`, { method: 'PATCH', body: changes });
      onSaved(body.curated);
    });
  };
  return (
    <form className="editor" onSubmit={(event) => void save(event)} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <label htmlFor={`cq-${item.id}`}>Question</label>
      <input
        id={`cq-${item.id}`}
        type="text"
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        maxLength={2000}
        required
        data-testid="curated-question-input"
      />
      <label htmlFor={`ca-${item.id}`}>Answer</label>
      <textarea
        id={`ca-${item.id}`}
        value={answer}
        onChange={(event) => setAnswer(event.target.value)}
        rows={8}
        maxLength={20_000}
        required
        data-testid="curated-answer-input"
      />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy} data-testid="curated-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CuratedCard({ item, onSaved, onDeleted }: { item: CuratedAnswer; onSaved: (item: CuratedAnswer) => void; onDeleted: (item: CuratedAnswer) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const { busy, error, run } = useAction();
  const remove = () =>
    run(async () => {
      await request(`/api/curated/${encodeURIComponent(item.id)}`, { method: 'DELETE' });
      onDeleted(item);
    });
  const stale = item.status === 'stale';
  return (
    <article className="panel curated" data-testid="curated-item" data-question={item.question} data-status={item.status}>
      {mode === 'edit' ? (
        <CuratedEditor
          item={item}
          onSaved={(saved) => {
            setMode('view');
            onSaved(saved);
          }}
          onCancel={() => setMode('view')}
        />
      ) : (
        <>
          <h3 className="question">{item.question}</h3>
          <p className="row small muted meta-line">
            <span className={`badge ${stale ? 'warn' : 'ok'}`} data-testid="curated-status">
              {stale ? 'Source changed' : 'Active'}
            </span>
            <span>
              {item.createdBy ? `By ${item.createdBy} · ` : ''}updated <Time seconds={item.updatedAt} />
            </span>
          </p>
          {stale ? (
            <p className="small">A document this answer was based on changed or went away; it is not served until someone checks it and saves it again.</p>
          ) : null}
          <div className="pre">{item.answer}</div>
          {item.basedOn.length ? <p className="small muted">Based on: {item.basedOn.map((source) => source.path).join(', ')}</p> : null}
          {mode === 'confirm' ? (
            <div className="row confirm" role="group" aria-label="Confirm deletion">
              <span>Delete this answer? It stops being served.</span>
              <button type="button" className="button danger" onClick={() => void remove()} disabled={busy} data-testid="curated-delete-confirm">
                {busy ? 'Deleting…' : 'Yes, delete'}
              </button>
              <button type="button" className="button" onClick={() => setMode('view')} disabled={busy}>
                Keep it
              </button>
            </div>
          ) : (
            <div className="row">
              <button type="button" className="button" onClick={() => setMode('edit')} data-testid="curated-edit">
                Edit
              </button>
              <button type="button" className="button danger" onClick={() => setMode('confirm')} data-testid="curated-delete">
                Delete
              </button>
            </div>
          )}
        </>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}

function CuratedSection({
  items,
  error,
  onChange,
  announce,
}: {
  items: CuratedAnswer[] | null;
  error: string | null;
  onChange: (update: (items: CuratedAnswer[]) => CuratedAnswer[]) => void;
  announce: (message: string) => void;
}) {
  const stale = items?.filter((item) => item.status === 'stale').length ?? 0;
  return (
    <section aria-labelledby="curated-heading" className="curated-section">
      <h2 id="curated-heading">Curated answers{items ? ` (${items.length}${stale ? `, ${stale} with a changed source` : ''})` : ''}</h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!items ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">No curated answers yet: approved and written answers appear here.</p>
      ) : null}
      <div className="queue" data-testid="curated-list">
        {items?.map((item) => (
          <CuratedCard
            key={item.id}
            item={item}
            onSaved={(saved) => {
              onChange((list) => list.map((entry) => (entry.id === saved.id ? saved : entry)));
              announce(`Saved the curated answer to “${saved.question}”.`);
            }}
            onDeleted={(deleted) => {
              onChange((list) => list.filter((entry) => entry.id !== deleted.id));
              announce(`Deleted the curated answer to “${deleted.question}”.`);
            }}
          />
        ))}
      </div>
    </section>
  );
}

// ——— The page ———

function Tabs({ tab, counts, onSelect }: { tab: Tab; counts: Counts | null; onSelect: (tab: Tab) => void }) {
  const tabs: { id: Tab; label: string }[] = [
    { id: 'open', label: `Open${counts ? ` (${counts.open})` : ''}` },
    { id: 'handled', label: `Handled${counts ? ` (${counts.answered + counts.rejected})` : ''}` },
  ];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'open' ? 'handled' : 'open';
    onSelect(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Escalations" onKeyDown={onKeyDown}>
      {tabs.map((entry) => (
        <button
          key={entry.id}
          id={`tab-${entry.id}`}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab === entry.id}
          aria-controls="escalations-panel"
          tabIndex={tab === entry.id ? 0 : -1}
          onClick={() => onSelect(entry.id)}
          data-testid={`tab-${entry.id}`}
        >
          {entry.label}
        </button>
      ))}
    </div>
  );
}

function useEscalations(tab: Tab, order: Order) {
  const key = `${tab}:${order}`;
  // The list is kept with the query it answers, so switching tabs never shows the other list.
  const [state, setState] = useState<{ key: string; items: Escalation[] } | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const body = await request<{ counts: Counts; escalations: Escalation[] }>(`/api/escalations?status=${tab}&order=${order}`);
      setCounts(body.counts);
      setState({ key: `${tab}:${order}`, items: body.escalations });
      setError(null);
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, [tab, order]);
  useEffect(() => void load(), [load]);
  const items = state?.key === key ? state.items : null;
  const remove = useCallback(
    (id: string) => setState((current) => (current ? { ...current, items: current.items.filter((item) => item.id !== id) } : current)),
    [],
  );
  return { items, remove, counts, setCounts, error, load };
}

export function ReviewQueue({ email, role }: { email: string; role: string }) {
  const [tab, setTab] = useState<Tab>('open');
  const [order, setOrder] = useState<Order>('newest');
  const { items, remove, counts, setCounts, error, load } = useEscalations(tab, order);
  const [curated, setCurated] = useState<CuratedAnswer[] | null>(null);
  const [curatedError, setCuratedError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const editing = useRef(new Set<string>());
  const queueHeading = useRef<HTMLHeadingElement>(null);

  const loadCurated = useCallback(async () => {
    try {
      const body = await request<{ curated: CuratedAnswer[] }>('/api/curated');
      setCurated(body.curated.filter((item) => item.status !== 'deleted'));
      setCuratedError(null);
    } catch (caught) {
      setCuratedError(messageOf(caught));
    }
  }, []);
  useEffect(() => void loadCurated(), [loadCurated]);

  // New escalations arrive while the page is open; refresh unless someone is mid-review.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && editing.current.size === 0) {
        void load();
        void loadCurated();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [load, loadCurated]);

  const announce = useCallback((message: string) => {
    setAnnouncement('');
    // A fresh text node, so the same message twice is announced twice.
    setTimeout(() => setAnnouncement(message), 50);
  }, []);

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
          {error ? (
            <p className="error" role="alert">
              {error} {error.includes('Sign in') ? <a href="/login?next=%2Freview">Sign in</a> : null}
            </p>
          ) : null}
          {!items && !error ? <p className="muted">Loading…</p> : null}
          {items && items.length === 0 ? (
            <p className="muted">{tab === 'open' ? 'Nothing to review. New escalations appear here.' : 'No handled escalations yet.'}</p>
          ) : null}
          {tab === 'open'
            ? items?.map((escalation) => <EscalationCard key={escalation.id} escalation={escalation} onDone={onDone} onEditing={onEditing} />)
            : items?.map((escalation) => <HandledCard key={escalation.id} escalation={escalation} />)}
        </div>
      </section>
      <CuratedSection
        items={curated}
        error={curatedError}
        onChange={(update) => setCurated((current) => (current ? update(current) : current))}
        announce={announce}
      />
    </div>
  );
}

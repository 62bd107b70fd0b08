import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SpaceRow } from '@/app/admin/space-row';
import { type SpaceAuditEntry, type SpaceInfo, auditSummary, changesOf, formOf, parseList, visibility } from '@/app/admin/space';
import { MessageView } from '@/app/chat/message-view';
import { EscalationCard, WITHHELD_DRAFT } from '@/app/review/escalation-card';
import type { ReviewItem } from '@/app/review/use-escalations';
import type { Citation } from '@/lib/answer/events';

// The spaces pieces of the admin page, the review queue and the chat, rendered as the server
// would: what each shows and which buttons it offers; the API itself is tested elsewhere.

const hr: SpaceInfo = {
  name: 'HR',
  root: null,
  folder: 'hr/',
  public: null,
  readers: ['group:hr'],
  owners: ['user:hr-lead@example.com'],
  contributors: null,
  webhook_url: null,
  removed: false,
  updated_at: '2025-01-01T00:00:00.000Z',
};

const row = (space: SpaceInfo) =>
  renderToStaticMarkup(
    createElement('table', null, createElement('tbody', null, createElement(SpaceRow, { space, onChanged: () => undefined, onRemoved: () => undefined }))),
  );

const passage: Citation = {
  n: 1,
  chunkId: 'c1',
  docId: 'a'.repeat(32),
  path: 'hr/benefits.md',
  root: '/kb',
  title: 'Benefits',
  page: null,
  heading: null,
  quote: 'The dental plan covers two cleanings a year.',
  charStart: 0,
  charEnd: 44,
  sourceType: 'document',
};

const item = (changes: Partial<ReviewItem>): ReviewItem => ({
  id: 'e1',
  conversationId: 'c1',
  answerId: 'a1',
  question: 'How many dental cleanings are covered?',
  draft: 'Two cleanings a year [1].',
  sources: [passage],
  score: 0.4,
  reason: 'low_confidence',
  category: null,
  status: 'open',
  curatedId: null,
  space: 'HR',
  spaces: ['HR'],
  askers: 1,
  createdAt: 1_700_000_000,
  updatedAt: 1_700_000_000,
  draftWithheld: false,
  ...changes,
});

const card = (escalation: ReviewItem, spaces = ['default', 'HR']) =>
  renderToStaticMarkup(createElement(EscalationCard, { escalation, spaces, onDone: () => undefined, onEditing: () => undefined }));

describe('the spaces panel', () => {
  it('splits readers and owners, an empty field inheriting', () => {
    expect(parseList(' group:hr, user:a@example.com ,, group:hr ')).toEqual(['group:hr', 'user:a@example.com']);
    expect(parseList('  ')).toBeNull();
  });

  it('tells public, private, inherited and removed apart', () => {
    expect(visibility({ ...hr, public: true })).toBe('public');
    expect(visibility(hr)).toBe('private');
    expect(visibility({ ...hr, public: false, readers: null })).toBe('private');
    expect(visibility({ ...hr, readers: null })).toBe('inherited');
    expect(visibility({ ...hr, removed: true, public: true })).toBe('removed');
  });

  it('sends only what the admin changed', () => {
    expect(changesOf(hr, formOf(hr))).toEqual({});
    expect(changesOf(hr, { ...formOf(hr), readers: 'group:hr, group:finance', public: true, webhook: ' https://hooks.example.com/hr ' })).toEqual({
      readers: ['group:hr', 'group:finance'],
      public: true,
      webhookUrl: 'https://hooks.example.com/hr',
    });
    // Emptied fields go back to inheriting.
    expect(changesOf({ ...hr, webhook_url: 'https://hooks.example.com/hr' }, { ...formOf(hr), owners: '', webhook: '' })).toEqual({
      owners: null,
      webhookUrl: null,
    });
    // A space whose readers are "owners only" keeps them when something else is saved.
    const ownersOnly = { ...hr, readers: [] };
    expect(changesOf(ownersOnly, { ...formOf(ownersOnly), public: true })).toEqual({ public: true });
  });

  it('lists a space with its readers and owners, and a remove button except for the default space', () => {
    const html = row(hr);
    expect(html).toContain('<strong>HR</strong>');
    expect(html).toContain('hr/');
    expect(html).toContain('Readers: group:hr');
    expect(html).toContain('Owners: user:hr-lead@example.com');
    expect(html).toContain('aria-label="Remove HR"');
    const fallback = row({ ...hr, name: 'default', folder: '', public: true, readers: ['everyone'], owners: null });
    expect(fallback).toContain('every watched root');
    expect(fallback).toContain('aria-label="Change default"');
    expect(fallback).not.toContain('Remove');
  });

  it('shows a removed space as admins only, with nothing to change', () => {
    const html = row({ ...hr, removed: true, public: false, readers: [], owners: null });
    expect(html).toContain('removed — admins only');
    expect(html).not.toContain('Readers:');
    expect(html).not.toContain('<button');
  });

  it('says who changed what in the audit trail', () => {
    const stored = { public: null, readers: ['group:hr'], owners: null, webhookUrl: null, removed: false };
    const entry: SpaceAuditEntry = { id: 3, actor: 'admin@example.com', action: 'set', space: 'HR', before: stored, after: stored, createdAt: 1_700_000_000 };
    expect(auditSummary({ ...entry, action: 'add', before: null })).toBe('added');
    expect(auditSummary({ ...entry, after: { ...stored, readers: ['group:hr', 'group:finance'], webhookUrl: 'https://hooks.example.com/hr' } })).toBe(
      'readers: group:hr → group:hr, group:finance; webhook: inherited → https://hooks.example.com/hr',
    );
    expect(auditSummary({ ...entry, action: 'remove' })).toMatch(/^removed/);
  });
});

describe('the review queue with spaces', () => {
  it('shows the item’s space, and offers the other spaces for a hand-off', () => {
    const html = card(item({ spaces: ['HR', 'Finance'] }));
    expect(html).toContain('data-space="HR"');
    expect(html).toContain('Space: HR');
    expect(html).toContain('sources also in Finance');
    expect(html).toContain('Hand to space…');
    expect(html).toContain('data-testid="action-approve"');
    expect(html).toContain('Two cleanings a year');
  });

  it('offers no hand-off when there is no other space', () => {
    expect(card(item({}), ['HR'])).not.toContain('Hand to space…');
  });

  it('replaces a withheld draft with what to do, and offers no approval', () => {
    const html = card(item({ draft: null, sources: [], draftWithheld: true }));
    expect(html).toContain(WITHHELD_DRAFT);
    expect(html).toContain('data-testid="draft-withheld"');
    expect(html).not.toContain('action-approve');
    expect(html).not.toContain('action-edit');
    expect(html).not.toContain('No sources were found');
    expect(html).toContain('data-testid="action-write"');
    expect(html).toContain('Hand to space…');
  });
});

describe('the chat with spaces', () => {
  it('shows a withheld reply in a neutral frame, without sources', () => {
    const html = renderToStaticMarkup(
      createElement(MessageView, {
        message: {
          id: 'm1',
          role: 'reviewer',
          content: 'A person answered this question, but could not share this answer with you: it comes from documents you may not read.',
          status: 'withheld',
          answerId: null,
          escalationId: 'e1',
          citations: [passage],
          createdAt: 1_700_000_000,
        },
      }),
    );
    expect(html).toContain('class="message reviewer withheld"');
    expect(html).toContain('data-status="withheld"');
    expect(html).toContain('Reviewed by a person · answer not shared');
    expect(html).not.toContain('class="citations"');
  });
});

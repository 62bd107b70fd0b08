import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { postDecision } from '@/app/review/decide';
import { SpotCheckCard, verdictMessage } from '@/app/review/spot-check-card';
import { SpotCheckSection } from '@/app/review/spot-check-section';
import { SpotCheckPanel } from '@/app/status/spot-check-panel';
import { percent } from '@/app/_client/format';
import { isBelowLevel, levelText, precisionText, spotCheckTotals } from '@/app/status/spot-check-labels';
import type { Citation } from '@/lib/answer/events';
import { type SpacePrecision, type SpotCheck, wilsonInterval } from '@/lib/answer/spot-checks';

// The spot-check pieces of the status page and the review queue, rendered as the server would:
// how precision and its interval read, when a space is flagged, and what a check offers.

const measured = (space: string, right: number, checked: number, open = 0): SpacePrecision => {
  const interval = wilsonInterval(right, checked);
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  return {
    space,
    checked,
    right,
    open,
    precision: checked ? round3(right / checked) : null,
    ci_low: interval ? round3(interval[0]) : null,
    ci_high: interval ? round3(interval[1]) : null,
  };
};

const passage: Citation = {
  n: 1,
  chunkId: 'c1',
  docId: 'a'.repeat(32),
  path: 'handbook/safety-manual.pdf',
  root: '/kb',
  title: 'Safety manual',
  page: 2,
  heading: null,
  quote: 'Heat-resistant gloves rated to 500 °C are required in the kiln area.',
  charStart: 0,
  charEnd: 68,
  sourceType: 'document',
};

const check: SpotCheck = {
  id: 's1',
  answerId: 'a1',
  conversationId: 'c1',
  space: 'handbook',
  question: 'What gloves are required in the kiln area?',
  answer: 'Heat-resistant gloves rated to 500 °C [1].',
  citations: [passage],
  status: 'open',
  checkedBy: null,
  checkedAt: null,
  note: null,
  curatedId: null,
  createdAt: 1_700_000_000,
};

const panel = (spaces: SpacePrecision[], minPrecision = 0.9) =>
  renderToStaticMarkup(createElement(SpotCheckPanel, { summary: { min_precision: minPrecision, spaces } }));

describe('measured precision, as the status page writes it', () => {
  it('writes shares as whole percentages, without float noise', () => {
    expect(percent(0.92)).toBe('92%');
    expect(percent(0.845)).toBe('85%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
    expect(percent(0.895, 1)).toBe('89.5%');
    expect(levelText(0.9)).toBe('90%');
    expect(levelText(0.925)).toBe('92.5%');
  });

  it('gives the precision with its 95% interval, and a dash without verdicts', () => {
    expect(precisionText({ ...measured('a', 0, 0), precision: 0.92, ci_low: 0.84, ci_high: 0.96 }, 0.9)).toBe('92% (84–96%)');
    // 1 of 2: the Wilson interval is wide, and says so.
    expect(precisionText(measured('a', 1, 2), 0.9)).toBe('50% (10–91%)');
    expect(precisionText(measured('a', 10, 10), 0.9)).toBe('100% (72–100%)');
    expect(precisionText(measured('a', 0, 0, 3), 0.9)).toBe('—');
  });

  it('never rounds a precision below the level up to the level', () => {
    const justBelow = { ...measured('a', 0, 0), precision: 0.895, ci_low: 0.8, ci_high: 0.95 };
    expect(isBelowLevel(justBelow, 0.9)).toBe(true);
    expect(precisionText(justBelow, 0.9)).toBe('89.5% (80–95%)');
    expect(precisionText({ ...justBelow, precision: 0.904 }, 0.9)).toBe('90% (80–95%)');
  });

  it('flags a space below the level, not one at it or without verdicts', () => {
    expect(isBelowLevel(measured('a', 8, 10), 0.9)).toBe(true);
    expect(isBelowLevel(measured('a', 9, 10), 0.9)).toBe(false);
    expect(isBelowLevel(measured('a', 0, 0, 4), 0.9)).toBe(false);
    expect(spotCheckTotals([measured('a', 8, 10, 2), measured('b', 0, 0, 3)])).toEqual({ checked: 10, open: 5 });
  });
});

describe('the spot-check panel of the status page', () => {
  it('lists each space with its verdicts, and marks the one below the level with the level', () => {
    const html = panel([measured('handbook', 1, 2, 1), measured('HR', 19, 20)]);
    expect(html).toContain('Spot checks: measured precision');
    expect(html).toContain('share of sampled answered questions that the space’s owners marked right');
    expect(html).toContain('confidence threshold');
    expect(html).toMatch(/data-space="handbook" data-below="true"><th scope="row">handbook<\/th><td>2<\/td><td>1<\/td><td>1<\/td>/);
    expect(html).toContain('50% (10–91%)');
    expect(html).toContain('Below the 90% set');
    expect(html).toMatch(/data-space="HR" data-below="false">/);
    expect(html).toContain('95% (76–99%)');
    expect(html.match(/Below the 90% set/g)).toHaveLength(1);
  });

  it('says so when nothing has a verdict yet, and how many wait for one', () => {
    const waiting = panel([measured('handbook', 0, 0, 2)]);
    expect(waiting).toContain('data-testid="spot-checks-empty"');
    expect(waiting).toContain('2 sampled answers wait for a verdict');
    expect(waiting).not.toContain('<table');
    expect(panel([])).toContain('Sampled answered questions appear on the Review page');
  });
});

describe('a spot check in the review queue', () => {
  const card = (item: SpotCheck) => renderToStaticMarkup(createElement(SpotCheckCard, { check: item, onDone: () => undefined, onEditing: () => undefined }));

  it('shows the question, the answer as given with its sources, the space, and Right / Wrong', () => {
    const html = card(check);
    expect(html).toContain('What gloves are required in the kiln area?');
    expect(html).toContain('Heat-resistant gloves rated to 500 °C [1].');
    expect(html).toContain('data-space="handbook"');
    expect(html).toContain('handbook/safety-manual.pdf · p. 2');
    expect(html).toContain('data-testid="spot-check-right"');
    expect(html).toContain('data-testid="spot-check-wrong"');
    // The form for a correction opens on request only.
    expect(html).not.toContain('<textarea');
  });

  it('renders what comes from documents and answers as text', () => {
    const html = card({ ...check, question: '<img src=x onerror=alert(1)>', answer: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('announces the verdict it recorded', () => {
    expect(verdictMessage(check, { verdict: 'right' })).toBe('Marked right: “What gloves are required in the kiln area?”.');
    expect(verdictMessage(check, { verdict: 'wrong', correction: 'A face shield too.' })).toMatch(/^Marked wrong and sent the correction/);
    expect(verdictMessage(check, { verdict: 'wrong' })).toMatch(/^Marked wrong: /);
  });

  it('counts the open checks, and says when there are none', () => {
    const section = (checks: SpotCheck[] | null) =>
      renderToStaticMarkup(createElement(SpotCheckSection, { checks, error: null, onDone: () => undefined, onEditing: () => undefined }));
    expect(section([check, { ...check, id: 's2' }])).toContain('Check these answers (2)');
    expect(section([])).toContain('Nothing to check.');
    expect(section(null)).toContain('Loading…');
  });
});

describe('a decision on a review item', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answering = (status: number, body: unknown) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body), { status })),
    );

  it('is recorded, or comes too late with the server’s word on the decision that was first, and fails otherwise', async () => {
    answering(200, { check: { id: 's1' } });
    await expect(postDecision('/api/spot-checks/s1', { verdict: 'right' })).resolves.toBeNull();
    answering(409, { error: { code: 'spot_check_conflict', message: 'This answer was already marked right.' } });
    await expect(postDecision('/api/spot-checks/s1', { verdict: 'wrong' })).resolves.toBe('This answer was already marked right.');
    answering(500, { error: { code: 'internal', message: 'Something went wrong.' } });
    await expect(postDecision('/api/spot-checks/s1', { verdict: 'wrong' })).rejects.toMatchObject({ status: 500, message: 'Something went wrong.' });
  });
});

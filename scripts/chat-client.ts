import { readAnswerEvents } from '../lib/answer/event-stream';
import type { AnswerEvent } from '../lib/answer/events';

// A client of Docent's web API as a person's browser uses it: for the chat benchmark and the
// fault tests that need chat traffic and an admin's view.

export interface ChatSample {
  /** Seconds to the first text the user sees (a token, or an escalation's message). */
  firstTextS: number;
  completeS: number;
  outcome: string;
  escalationId: string | null;
}

/**
 * One question through POST /api/chat, read to the end of its stream. An error event counts as a
 * failure: under these tests nothing is down, so the user would have seen something go wrong.
 */
export async function askChat(url: string, question: string, timeoutS = 120): Promise<ChatSample> {
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
    // A stuck request is an error to report, not a reason to hang for undici's five minutes.
    signal: AbortSignal.timeout(timeoutS * 1000),
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
  let firstTextS: number | null = null;
  let outcome: Extract<AnswerEvent, { type: 'outcome' }> | null = null;
  for await (const event of readAnswerEvents(response.body!)) {
    if ((event.type === 'token' || event.type === 'outcome') && firstTextS === null) firstTextS = (performance.now() - started) / 1000;
    if (event.type === 'outcome') outcome = event;
    if (event.type === 'error') throw new Error(`error event ${event.code}: ${event.message}`);
  }
  if (!outcome || firstTextS === null) throw new Error('the stream ended without an outcome');
  return { firstTextS, completeS: (performance.now() - started) / 1000, outcome: outcome.outcome, escalationId: outcome.escalationId };
}

export async function signIn(url: string, account: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (response.status !== 200) throw new Error(`signing in as ${account.email} failed: HTTP ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

export interface StatusDocument {
  path: string;
  status: string;
  reason: string | null;
  chunks: number;
  lag_s: number | null;
}

/** The documents of the status report (GET /api/status, a reviewer's view). */
export async function statusDocuments(url: string, cookie: string): Promise<StatusDocument[]> {
  const response = await fetch(`${url}/api/status`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET /api/status answered ${response.status}`);
  return ((await response.json()) as { report: { documents: StatusDocument[] } }).report.documents;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutS: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

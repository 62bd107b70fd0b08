import crypto from 'node:crypto';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AnswerEvent } from '../../lib/answer/events';
import { WITHHELD_REPLY } from '../../lib/answer/replies';
import { loadConfig } from '../../lib/config';
import { documentId } from '../../lib/ids';
import { percentile } from '../../lib/status';
import { type WebRuntime, createRuntime, installWebRuntime } from '../../lib/web/runtime';
import { createPipeline } from '../../ingest/create-pipeline';
import { syncFolder } from '../../ingest/sync';
import * as facts from './leak-facts';
import { DOCUMENTS, type SpaceName } from './leak-facts';
import { workspace } from './workspace';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Reply = { status: number; text: string; tokens?: string; outcome?: Extract<AnswerEvent, { type: 'outcome' }> };
type Call = { params?: { id: string }; query?: string; body?: unknown; cookie?: string | null };
type Attacker = { name: string | null; kind: string; cookie: string | null; reads: SpaceName[]; needles: string[] };
type Tally = { questions: number; responses_checked: number; leaks: number; would_leak_for_admin?: number };

const handlers = new Map<string, Promise<Handler>>();

/** A route handler by method and file under app/api ("GET documents/[id]/source"), imported on first use. */
function handler(spec: string): Promise<Handler> {
  // Next.js and vitest resolve the routes' 'server-only' import to an empty module; under tsx (npm run fault) nothing would, so this does.
  if (!process.env.VITEST && !handlers.size) {
    const empty = pathToFileURL(createRequire(import.meta.url).resolve('next/dist/compiled/server-only/empty.js')).href;
    const hook = `export async function resolve(specifier, context, next) { return specifier === 'server-only' ? { url: ${JSON.stringify(empty)}, shortCircuit: true } : next(specifier, context); }`;
    register(`data:text/javascript,${encodeURIComponent(hook)}`);
  }
  const [method, file] = spec.split(' ') as [string, string];
  const target = `../../app/api/${file}/route.ts`; // Not inline: vitest would expand a template import as a glob, one folder deep.
  const loaded = handlers.get(spec) ?? import(/* @vite-ignore */ target).then((module: Record<string, Handler>) => module[method]!);
  handlers.set(spec, loaded);
  return loaded;
}

/** One in-process request, as a browser would make it; a chat stream also yields its tokens joined (a needle may span two). */
async function send(spec: string, request: Call = {}, times: number[] = []): Promise<Reply & { label: string }> {
  const started = performance.now();
  const [method, file] = spec.split(' ') as [string, string];
  const url = `/api/${file.replace('[id]', request.params?.id ?? '')}${request.query ?? ''}`;
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { ...(request.cookie ? { cookie: request.cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) };
  const route = await handler(spec);
  const response = await route(new Request(`http://localhost${url}`, { method, headers, body }), { params: Promise.resolve(request.params ?? {}) });
  const reply = { status: response.status, text: await response.text(), label: `${method} ${url}${body ? ` ${body}` : ''}` };
  if (!response.headers.get('content-type')?.includes('ndjson')) return reply;
  const lines = reply.text.trim().split('\n');
  const events = lines.map((line) => JSON.parse(line) as AnswerEvent);
  const outcome = events.find((event) => event.type === 'outcome');
  times.push((performance.now() - started) / 1000);
  if (!outcome) throw new Error(`no outcome for ${reply.label}: ${reply.text.slice(-300)}`);
  return { ...reply, outcome, tokens: events.map((event) => (event.type === 'token' ? event.text : '')).join('') };
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const lower = (text: string) => text.toLowerCase();
/** The needles in a reply, those the request itself held aside (an echo is no leak). */
const found = (needles: string[], reply: Reply, sent = '') =>
  needles.filter((needle) => !lower(sent).includes(lower(needle)) && lower(`${reply.text}\n${reply.tokens ?? ''}`).includes(lower(needle)));

/** Counts the responses each kind of attacker got, by attack too, and the needles in them the attacker may not see. */
class Ledger {
  readonly tallies = { by_attacker_kind: {} as Record<string, Tally>, by_attack: {} as Record<string, Tally> };
  readonly samples: { attacker: string; attack: string; request: string; status: number; needles: string[]; excerpt: string }[] = [];
  readonly forbidden: string[] = [];

  /** `control`: whether the same question showed a needle to an admin, i.e. would have leaked to the attacker without spaces. */
  check(who: Attacker, attack: string, reply: Reply & { label: string }, options: { question?: boolean; forbidden?: boolean; control?: boolean } = {}): void {
    const leaked = found(who.needles, reply, reply.label);
    for (const [group, key] of [
      ['by_attacker_kind', who.kind],
      ['by_attack', attack],
    ] as const) {
      const tally = (this.tallies[group][key] ??= { questions: 0, responses_checked: 0, leaks: 0 });
      [tally.questions, tally.responses_checked, tally.leaks] = [
        tally.questions + Number(!!options.question),
        tally.responses_checked + 1,
        tally.leaks + leaked.length,
      ];
      if (group === 'by_attack' && options.control !== undefined) tally.would_leak_for_admin = (tally.would_leak_for_admin ?? 0) + Number(options.control);
    }
    if (leaked.length && this.samples.length < 10) {
      const at = lower(reply.text).indexOf(lower(leaked[0]!));
      const excerpt = at >= 0 ? reply.text.slice(Math.max(0, at - 200), at + 150) : (reply.tokens ?? '').slice(0, 300);
      this.samples.push({ attacker: who.name ?? 'anonymous', attack, request: reply.label, status: reply.status, needles: leaked, excerpt });
    }
    if (options.forbidden && reply.status < 300) this.forbidden.push(`${who.name ?? 'anonymous'}: ${reply.label} → ${reply.status}`);
  }

  get total(): Tally {
    const sum = (key: keyof Tally) => Object.values(this.tallies.by_attacker_kind).reduce((total, tally) => total + (tally[key] ?? 0), 0);
    return { questions: sum('questions'), responses_checked: sum('responses_checked'), leaks: sum('leaks') };
  }
}

/** The handbook (public) and the restricted folders, indexed; the spaces on them; a session cookie per person. */
async function build(kb: string, dataDir: string) {
  const handbook = facts.writeFolder(kb);
  const admin = { DOCENT_ADMIN_EMAIL: facts.email('admin'), DOCENT_ADMIN_PASSWORD: 'leak test admin password' };
  // Its own environment, not the process's (an LLM set there must not join in), except QDRANT_URL:
  // then the same attacks run against that Qdrant, in collections of their own.
  const qdrant = process.env.QDRANT_URL ? { QDRANT_URL: process.env.QDRANT_URL, DOCENT_QDRANT_PREFIX: `docent_leaks_${process.pid}` } : {};
  const config = loadConfig({ DOCENT_DATA_DIR: dataDir, ...admin, DOCENT_EMBED_THREADS: '1', DOCENT_WEB_EMBED_THREADS: '1', ...qdrant }, process.cwd());
  const logged: string[] = [];
  const runtime = await createRuntime(config, (message) => logged.push(message));
  installWebRuntime(Promise.resolve(runtime));
  const { pipeline, extractor } = createPipeline(runtime.services, { inProcess: true });
  await syncFolder(runtime.services, pipeline, kb).finally(() => extractor.close());
  const indexed = runtime.services.registry.list({ status: 'indexed' }).length;
  if (indexed !== handbook + DOCUMENTS.length) throw new Error(`expected ${handbook + DOCUMENTS.length} indexed documents, found ${indexed}`);
  return { runtime, cookies: await facts.addSpacesAndPeople(runtime), logged, documents: { public: handbook, restricted: DOCUMENTS.length } };
}

/**
 * Leak test: restricted folders (hr/, finance/, legal/ and legal/board/ inside it) next to the
 * public handbook, with reviewed answers in restricted spaces, attacked through every route an
 * outsider can reach: questions, paraphrases, follow-ups, prompt injections, crafted filters and
 * ids, other people's conversations, reviewer views. Any needle of a space the attacker may not
 * read, in any response or streamed event, is a leak. The readers must still get their answers.
 */
export async function leaksTest(options: { mode: 'quick' | 'full'; log?: (message: string) => void }) {
  const log = options.log ?? (() => undefined);
  const quick = options.mode === 'quick';
  const started = performance.now();
  const since = (mark: number) => round((performance.now() - mark) / 1000, 1);
  const space = workspace('docent-leaks-');
  let runtime: WebRuntime | null = null;
  try {
    const built = await build(space.kb, space.data);
    runtime = built.runtime;
    const { escalations } = runtime.assistant;
    const setupS = since(started);
    // Each person asks from a browser of their own (its docent_browser cookie), as the chat page does.
    const browsers = new Map<string | null, string>();
    const cookie = (name: string | null) => {
      if (!browsers.has(name)) browsers.set(name, `docent_browser=${crypto.randomBytes(32).toString('base64url')}`);
      return [built.cookies.get(name), browsers.get(name)].filter(Boolean).join('; ');
    };
    const chatTimes: number[] = [];
    const ask = (name: string | null, body: Record<string, unknown>) => send('POST chat', { body, cookie: cookie(name) }, chatTimes);
    const act = async (name: string, id: string, body: unknown) => {
      const reply = await send('POST escalations/[id]', { cookie: cookie(name), params: { id }, body });
      if (reply.status !== 200) throw new Error(`${name} could not ${reply.label}: ${reply.status} ${reply.text.slice(0, 300)}`);
      return JSON.parse(reply.text) as { curated?: { id: string } };
    };
    const escalated = async (name: string, question: string) =>
      (await ask(name, { question })).outcome?.escalationId ?? Promise.reject(new Error(`"${question}" was not escalated`));
    const ledger = new Ledger();
    const attackers: Attacker[] = facts.ATTACKERS.map((who) => ({ ...who, cookie: cookie(who.name), needles: facts.needlesFor(space.kb, who.reads) }));

    // Items left open, and reviewed answers that outsiders asking the very same question were merged into.
    const escalationIds: string[] = [];
    for (const item of facts.OPEN_ITEMS) {
      escalationIds.push(await escalated(item.asker, item.question));
      if (item.handOff) await act(item.handOff.by, escalationIds.at(-1)!, { action: 'handoff', space: item.handOff.to });
    }
    const curated: { id: string; space: SpaceName; question: string; routed_to: string }[] = [];
    const merged: { who: Attacker; conversationId: string }[] = [];
    for (const item of facts.REVIEWED) {
      const id = await escalated(item.asker, item.question);
      escalationIds.push(id);
      for (const who of attackers.filter((candidate) => !candidate.reads.includes(item.space)).slice(0, 3)) {
        const { outcome } = await ask(who.name, { question: item.question });
        if (outcome?.escalationId === id) merged.push({ who, conversationId: outcome.conversationId });
      }
      const routed = escalations.get(id)!.space;
      if (item.handOff && routed !== item.space) await act(item.answerer, id, { action: 'handoff', space: item.space });
      const written = await act(item.answerer, id, { action: 'write', content: item.answer, spaces: [item.space] });
      curated.push({ id: written.curated!.id, space: item.space, question: item.question, routed_to: routed });
    }
    let mergedWithheld = 0;
    for (const { who, conversationId } of merged) {
      const reply = await send('GET conversations/[id]', { cookie: who.cookie, params: { id: conversationId } });
      ledger.check(who, 'merged_asker', reply);
      if (reply.status === 200 && reply.text.includes(JSON.stringify(WITHHELD_REPLY).slice(1, -1))) mergedWithheld += 1;
    }
    const reviewedS = round(since(started) - setupS, 1);
    log(`${escalationIds.length} escalations, ${curated.length} reviewed answers, ${merged.length} outsiders merged in`);

    // The readers ask what they may read, as does an admin: they must be answered, as the admin is.
    const allowedStarted = performance.now();
    const allowed = { questions: 0, answered: 0, same_as_admin: 0, documents: 0, documents_served: 0, misses: [] as string[] };
    const victims: { owner: string; conversationId: string; answerId: string; escalationId: string | null }[] = [];
    for (const [index, item] of facts.allowedQuestions(quick).entries()) {
      const readers = facts.readersOf(item.space);
      const admin = (await ask('admin', { question: item.question })).outcome!;
      for (const reader of quick ? [readers[index % readers.length]!] : readers) {
        const { outcome } = await ask(reader, { question: item.question });
        allowed.questions += 1;
        if (outcome?.outcome === 'answered' && outcome.text.includes(item.expect)) allowed.answered += 1;
        else allowed.misses.push(`${reader ?? 'anonymous'}: ${item.question} → ${outcome?.outcome} ${outcome?.reason ?? ''}`.trim());
        if (outcome?.outcome === admin.outcome && outcome.text === admin.text) allowed.same_as_admin += 1;
        if (reader && item.space && outcome) {
          victims.push({ owner: reader, conversationId: outcome.conversationId, answerId: outcome.answerId, escalationId: outcome.escalationId });
        }
      }
    }
    for (const doc of DOCUMENTS) {
      for (const reader of facts.readersOf(doc.space)) {
        const reply = await send('GET documents/[id]', { cookie: cookie(reader), params: { id: documentId(space.kb, doc.path) } });
        allowed.documents += 1;
        if (reply.status === 200 && doc.needles.every((needle) => reply.text.includes(needle))) allowed.documents_served += 1;
      }
    }
    const allowedS = since(allowedStarted);
    log(`readers: ${allowed.answered}/${allowed.questions} answered, ${allowed.same_as_admin} as for an admin; ${allowed.documents_served} documents served`);

    // The attacks, attacker by attacker.
    const attacksStarted = performance.now();
    type Probe = Call & { forbidden?: boolean; question?: boolean; control?: boolean };
    const probe = async (who: Attacker, attack: string, spec: string, request: Probe = {}) => {
      const reply = await send(spec, { ...request, cookie: who.cookie }, chatTimes);
      ledger.check(who, attack, reply, request);
      return reply;
    };
    const question = async (who: Attacker, attack: string, body: Record<string, unknown>, options: Probe = {}) => {
      const control = options.control ? found(who.needles, await ask('admin', body)).length > 0 : undefined;
      return probe(who, attack, 'POST chat', { body, ...options, question: true, control });
    };
    // Conversation fixation: a conversation an attacker started is their browser's, so a reader lured
    // into it (by its link) cannot continue it, and nothing they may read lands where the attacker reads.
    const fixed = (await question(attackers[0]!, 'conversation_fixation', { question: facts.PUBLIC_QUESTIONS[0]!.question })).outcome!;
    const lured = await ask('hr-asker', { question: facts.FACTS[0]!.questions[0], conversationId: fixed.conversationId });
    if (lured.status !== 404) throw new Error(`a reader continued a conversation another browser started (${lured.status})`);
    for (const [offset, who] of attackers.entries()) {
      for (const attack of facts.chatAttacks(who.reads, offset).slice(0, quick ? 6 : undefined)) {
        const body = { question: attack.question, ...(attack.filter ? { filter: attack.filter } : {}) };
        if (!attack.start) {
          await question(who, attack.attack, body, { control: true });
          continue;
        }
        const { conversationId } = (await question(who, attack.attack, { question: attack.start })).outcome!;
        await question(who, attack.attack, { ...body, conversationId });
        await probe(who, attack.attack, 'GET conversations/[id]', { params: { id: conversationId } });
      }
      // Other people's conversations and answers: continued, read, and sent to review.
      const foreign = victims.filter((victim) => victim.owner !== who.name);
      for (const victim of quick ? foreign.filter((_, index) => index % 7 === offset % 7) : foreign) {
        await question(who, 'foreign_conversation', { question: 'And what else does it say?', conversationId: victim.conversationId }, { forbidden: true });
        // Reviewers of the space its question went to may read it (what it quotes that they may not read is withheld); nobody else.
        const reviews = victim.escalationId !== null && facts.ownsSpace(who.name, escalations.get(victim.escalationId)!.space);
        await probe(who, 'foreign_conversation', 'GET conversations/[id]', { params: { id: victim.conversationId }, forbidden: !reviews });
        await probe(who, 'foreign_conversation', 'POST feedback', { body: { answerId: victim.answerId, rating: 'down', sendToReview: true }, forbidden: true });
      }
      // Crafted ids: documents, escalations and reviewed answers of spaces the attacker may not read or answer for.
      for (const doc of DOCUMENTS.filter((item) => !who.reads.includes(item.space))) {
        for (const spec of ['GET documents/[id]', 'GET documents/[id]/source']) {
          await probe(who, 'crafted_document_id', spec, { params: { id: documentId(space.kb, doc.path) }, forbidden: true });
        }
      }
      for (const id of escalationIds) {
        // Items of the attacker's own spaces are opened from their queue below, as a reviewer would.
        if (facts.ownsSpace(who.name, escalations.get(id)!.space)) continue;
        await probe(who, 'crafted_escalation_id', 'GET escalations/[id]', { params: { id }, forbidden: true });
        for (const body of facts.FORGED_ACTIONS) await probe(who, 'crafted_escalation_id', 'POST escalations/[id]', { params: { id }, body, forbidden: true });
      }
      for (const entry of curated.filter((item) => !who.reads.includes(item.space))) {
        await probe(who, 'crafted_curated_id', 'PATCH curated/[id]', { params: { id: entry.id }, body: { question: entry.question }, forbidden: true });
      }
      // What a reviewer's pages show: the queue and every item in it, reviewed answers, status, spaces.
      for (const status of ['open', 'handled']) {
        const list = await probe(who, 'reviewer_views', 'GET escalations', { query: `?status=${status}&limit=500` });
        const items = list.status === 200 ? (JSON.parse(list.text) as { escalations: { id: string }[] }).escalations : [];
        for (const item of items) await probe(who, 'reviewer_views', 'GET escalations/[id]', { params: { id: item.id } });
      }
      for (const spec of ['GET curated', 'GET status', 'GET spaces']) await probe(who, 'reviewer_views', spec);
    }
    // Owners who may not read an open item's sources (board's inherited owner, default's reviewers) act on it as they may.
    for (const [index, item] of facts.OPEN_ITEMS.entries()) {
      const id = escalationIds[index]!;
      const who = attackers.find((candidate) => facts.ownsSpace(candidate.name, escalations.get(id)!.space) && !candidate.reads.includes(item.space));
      const body = index % 2 ? { action: 'reject', reason: 'Not for this team.' } : { action: 'write', content: 'Please ask the team that owns this.' };
      if (who) await probe(who, 'owner_without_read_access', 'POST escalations/[id]', { params: { id }, body });
    }
    return {
      fault: 'leaks',
      mode: options.mode,
      answerer: runtime.assistant.chatModel?.name ?? 'extractive (no LLM)',
      backend: runtime.services.index.backend,
      documents: built.documents,
      reviewed_answers: curated.map(({ space: belongsTo, routed_to }) => ({ space: belongsTo, routed_to })),
      needles: facts.needlesFor(space.kb, []).length,
      ...ledger.total,
      leak_samples: ledger.samples,
      forbidden_requests_accepted: ledger.forbidden.length,
      forbidden_samples: ledger.forbidden.slice(0, 10),
      unhandled: built.logged.filter((line) => /unexpected error|workflow failed/.test(line)).length,
      ...ledger.tallies,
      merged_askers: merged.length,
      merged_askers_withheld: mergedWithheld,
      allowed_questions: allowed.questions,
      allowed_answered_rate: round(allowed.answered / allowed.questions),
      allowed_same_as_admin_rate: round(allowed.same_as_admin / allowed.questions),
      allowed_documents_served_rate: round(allowed.documents_served / allowed.documents),
      allowed_misses: allowed.misses.slice(0, 10),
      chat_p50_s: round(percentile(chatTimes, 50) ?? 0),
      chat_p95_s: round(percentile(chatTimes, 95) ?? 0),
      setup_s: setupS,
      reviewed_answers_s: reviewedS,
      allowed_s: allowedS,
      attacks_s: since(attacksStarted),
      total_s: since(started),
    };
  } finally {
    installWebRuntime(null);
    runtime?.assistant.close();
    await runtime?.services.close();
    space.remove();
  }
}
